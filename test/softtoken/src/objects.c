/* Objects are flat attribute lists: the same shape is stored on disk and matched by C_FindObjects. */
#include "st.h"

#include <stdlib.h>
#include <string.h>

st_object *st_obj_new(CK_OBJECT_HANDLE handle) {
  st_object *o = calloc(1, sizeof *o);
  if (o) o->handle = handle;
  return o;
}

void st_obj_free(st_object *o) {
  if (!o) return;
  for (size_t i = 0; i < o->n; i++) {
    /* Private scalars live here; wipe them even in a test fixture so ASan runs see no stale keys. */
    if (o->attrs[i].val) memset(o->attrs[i].val, 0, o->attrs[i].len);
    free(o->attrs[i].val);
  }
  free(o->attrs);
  free(o);
}

st_attr *st_obj_find(const st_object *o, CK_ATTRIBUTE_TYPE t) {
  for (size_t i = 0; i < o->n; i++)
    if (o->attrs[i].type == t) return &o->attrs[i];
  return NULL;
}

CK_RV st_obj_set(st_object *o, CK_ATTRIBUTE_TYPE t, const void *val, CK_ULONG len) {
  unsigned char *copy = NULL;
  if (len) {
    copy = malloc(len);
    if (!copy) return CKR_HOST_MEMORY;
    memcpy(copy, val, len);
  }
  st_attr *a = st_obj_find(o, t);
  if (a) {
    free(a->val);
  } else {
    st_attr *grown = realloc(o->attrs, (o->n + 1) * sizeof *grown);
    if (!grown) {
      free(copy);
      return CKR_HOST_MEMORY;
    }
    o->attrs = grown;
    a = &o->attrs[o->n++];
    a->type = t;
  }
  a->val = copy;
  a->len = len;
  return CKR_OK;
}

CK_RV st_obj_set_bool(st_object *o, CK_ATTRIBUTE_TYPE t, CK_BBOOL v) {
  return st_obj_set(o, t, &v, sizeof v);
}

CK_RV st_obj_set_ulong(st_object *o, CK_ATTRIBUTE_TYPE t, CK_ULONG v) {
  return st_obj_set(o, t, &v, sizeof v);
}

int st_obj_bool(const st_object *o, CK_ATTRIBUTE_TYPE t) {
  const st_attr *a = st_obj_find(o, t);
  return a && a->len == sizeof(CK_BBOOL) && *a->val != CK_FALSE;
}

CK_ULONG st_obj_ulong(const st_object *o, CK_ATTRIBUTE_TYPE t, CK_ULONG dflt) {
  const st_attr *a = st_obj_find(o, t);
  CK_ULONG v;
  if (!a || a->len != sizeof v) return dflt;
  memcpy(&v, a->val, sizeof v);
  return v;
}

int st_obj_matches(const st_object *o, const CK_ATTRIBUTE *tmpl, CK_ULONG n) {
  for (CK_ULONG i = 0; i < n; i++) {
    const st_attr *a = st_obj_find(o, tmpl[i].type);
    if (!a || a->len != tmpl[i].ulValueLen) return 0;
    if (a->len && memcmp(a->val, tmpl[i].pValue, a->len) != 0) return 0;
  }
  return 1;
}

/* The exact number of bytes the object takes in the token file (see store.c), which is what
 * CK_TOKEN_INFO reports as used memory. */
size_t st_obj_stored_size(const st_object *o) {
  size_t sz = 8 + 4;
  for (size_t i = 0; i < o->n; i++) sz += 8 + 4 + o->attrs[i].len;
  return sz;
}

const CK_ATTRIBUTE *st_tmpl_find(const CK_ATTRIBUTE *tmpl, CK_ULONG n, CK_ATTRIBUTE_TYPE t) {
  for (CK_ULONG i = 0; i < n; i++)
    if (tmpl[i].type == t) return &tmpl[i];
  return NULL;
}
