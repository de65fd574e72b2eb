/* Object management and key-pair generation. */
#include "st.h"

#include <stdlib.h>
#include <string.h>

static CK_RV create_object(CK_SESSION_HANDLE h, CK_ATTRIBUTE_PTR tmpl, CK_ULONG n,
                           CK_OBJECT_HANDLE_PTR out) {
  st_session *s;
  st_slot *slot;
  if (!out || (n && !tmpl)) return CKR_ARGUMENTS_BAD;
  CK_RV rv = st_session_get(h, &s, &slot);
  if (rv != CKR_OK) return rv;
  st_object *o = st_obj_new(0);
  if (!o) return CKR_HOST_MEMORY;
  rv = st_tmpl_build(tmpl, n, 0, 0, ST_ORIGIN_CREATE, o);
  if (rv == CKR_OK) rv = st_object_store(s, slot, &o, 1);
  if (rv != CKR_OK) {
    st_obj_free(o);
    return rv;
  }
  *out = o->handle;
  return CKR_OK;
}

CK_RV C_CreateObject(CK_SESSION_HANDLE h, CK_ATTRIBUTE_PTR tmpl, CK_ULONG n,
                     CK_OBJECT_HANDLE_PTR out) {
  ST_API(create_object(h, tmpl, n, out));
}

static CK_RV destroy_object(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj) {
  st_session *s;
  st_slot *slot;
  st_object *o;
  CK_RV rv = st_session_get(h, &s, &slot);
  if (rv == CKR_OK) rv = st_object_get(s, slot, obj, &o);
  if (rv != CKR_OK) return rv;
  if (st_obj_bool(o, CKA_TOKEN) && !st_session_is_rw(s)) return CKR_SESSION_READ_ONLY;
  if (!st_obj_bool(o, CKA_DESTROYABLE)) return CKR_ACTION_PROHIBITED;
  return st_object_destroy(slot, obj);
}

CK_RV C_DestroyObject(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj) { ST_API(destroy_object(h, obj)); }

static CK_RV get_attributes(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj, CK_ATTRIBUTE_PTR tmpl,
                            CK_ULONG n) {
  st_session *s;
  st_slot *slot;
  st_object *o;
  if (n && !tmpl) return CKR_ARGUMENTS_BAD;
  CK_RV rv = st_session_get(h, &s, &slot);
  if (rv == CKR_OK) rv = st_object_get(s, slot, obj, &o);
  if (rv != CKR_OK) return rv;
  /* PKCS#11 §5.7: process every attribute; the last problem found is reported. */
  for (CK_ULONG i = 0; i < n; i++) {
    const st_attr *a = st_obj_find(o, tmpl[i].type);
    if (a && st_attr_is_sensitive(o, tmpl[i].type)) {
      tmpl[i].ulValueLen = CK_UNAVAILABLE_INFORMATION;
      rv = CKR_ATTRIBUTE_SENSITIVE;
    } else if (!a) {
      tmpl[i].ulValueLen = CK_UNAVAILABLE_INFORMATION;
      rv = CKR_ATTRIBUTE_TYPE_INVALID;
    } else if (!tmpl[i].pValue) {
      tmpl[i].ulValueLen = a->len;
    } else if (tmpl[i].ulValueLen < a->len) {
      tmpl[i].ulValueLen = CK_UNAVAILABLE_INFORMATION;
      rv = CKR_BUFFER_TOO_SMALL;
    } else {
      if (a->len) memcpy(tmpl[i].pValue, a->val, a->len);
      tmpl[i].ulValueLen = a->len;
    }
  }
  return rv;
}

CK_RV C_GetAttributeValue(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj, CK_ATTRIBUTE_PTR tmpl,
                          CK_ULONG n) {
  ST_API(get_attributes(h, obj, tmpl, n));
}

static CK_RV set_attributes(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj, CK_ATTRIBUTE_PTR tmpl,
                            CK_ULONG n) {
  st_session *s;
  st_slot *slot;
  st_object *o;
  if (n && !tmpl) return CKR_ARGUMENTS_BAD;
  CK_RV rv = st_session_get(h, &s, &slot);
  if (rv == CKR_OK) rv = st_object_get(s, slot, obj, &o);
  if (rv != CKR_OK) return rv;
  int on_token = st_obj_bool(o, CKA_TOKEN);
  if (on_token && !st_session_is_rw(s)) return CKR_SESSION_READ_ONLY;
  if ((rv = st_tmpl_check_set(o, tmpl, n)) != CKR_OK) return rv;
  if (on_token) {
    size_t grow = 0, shrink = 0;
    for (CK_ULONG i = 0; i < n; i++) {
      const st_attr *a = st_obj_find(o, tmpl[i].type);
      size_t old = a ? a->len : 0;
      if (!a) grow += 12;
      if (tmpl[i].ulValueLen > old) grow += tmpl[i].ulValueLen - old;
      else shrink += old - tmpl[i].ulValueLen;
    }
    if (st_token_used(&slot->tok) + grow > g_st.cfg.capacity + shrink) return CKR_DEVICE_MEMORY;
  }
  for (CK_ULONG i = 0; i < n && rv == CKR_OK; i++)
    rv = st_obj_set(o, tmpl[i].type, tmpl[i].pValue, tmpl[i].ulValueLen);
  if (on_token) {
    CK_RV save = st_slot_commit(s->slot);
    if (rv == CKR_OK) rv = save;
  }
  return rv;
}

CK_RV C_SetAttributeValue(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj, CK_ATTRIBUTE_PTR tmpl,
                          CK_ULONG n) {
  ST_API(set_attributes(h, obj, tmpl, n));
}

static CK_RV find_init(CK_SESSION_HANDLE h, CK_ATTRIBUTE_PTR tmpl, CK_ULONG n) {
  st_session *s;
  st_slot *slot;
  if (n && !tmpl) return CKR_ARGUMENTS_BAD;
  CK_RV rv = st_session_get(h, &s, &slot);
  if (rv != CKR_OK) return rv;
  if (s->finding) return CKR_OPERATION_ACTIVE;
  size_t total = slot->tok.nobjs + slot->nsobjs;
  CK_OBJECT_HANDLE *found = malloc((total ? total : 1) * sizeof *found);
  if (!found) return CKR_HOST_MEMORY;
  size_t nfound = 0;
  for (size_t i = 0; i < total; i++) {
    const st_object *o = i < slot->tok.nobjs ? slot->tok.objs[i] : slot->sobjs[i - slot->tok.nobjs];
    if (st_object_visible(slot, o) && st_obj_matches(o, tmpl, n)) found[nfound++] = o->handle;
  }
  free(s->found);
  s->found = found;
  s->nfound = nfound;
  s->pos = 0;
  s->finding = 1;
  return CKR_OK;
}

CK_RV C_FindObjectsInit(CK_SESSION_HANDLE h, CK_ATTRIBUTE_PTR tmpl, CK_ULONG n) {
  ST_API(find_init(h, tmpl, n));
}

static CK_RV find(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE_PTR out, CK_ULONG max, CK_ULONG_PTR count) {
  st_session *s;
  st_slot *slot;
  if (!out || !count) return CKR_ARGUMENTS_BAD;
  CK_RV rv = st_session_get(h, &s, &slot);
  if (rv != CKR_OK) return rv;
  if (!s->finding) return CKR_OPERATION_NOT_INITIALIZED;
  CK_ULONG n = 0;
  while (n < max && s->pos < s->nfound) out[n++] = s->found[s->pos++];
  *count = n;
  return CKR_OK;
}

CK_RV C_FindObjects(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE_PTR out, CK_ULONG max,
                    CK_ULONG_PTR count) {
  ST_API_OP(h, ST_OP_FIND, find(h, out, max, count));
}

static CK_RV find_final(CK_SESSION_HANDLE h) {
  st_session *s;
  st_slot *slot;
  CK_RV rv = st_session_get(h, &s, &slot);
  if (rv != CKR_OK) return rv;
  if (!s->finding) return CKR_OPERATION_NOT_INITIALIZED;
  st_find_reset(s);
  return CKR_OK;
}

CK_RV C_FindObjectsFinal(CK_SESSION_HANDLE h) { ST_API_OP(h, ST_OP_FIND, find_final(h)); }

/* Real tokens take the GOST parameter attributes from either template; copy them across so both
 * key objects carry them, and refuse two different values. */
static CK_RV share_param(CK_ATTRIBUTE_TYPE t, const CK_ATTRIBUTE *pub, CK_ULONG npub,
                         const CK_ATTRIBUTE *priv, CK_ULONG npriv, st_object *pub_o,
                         st_object *priv_o) {
  const CK_ATTRIBUTE *a = st_tmpl_find(pub, npub, t), *b = st_tmpl_find(priv, npriv, t);
  if (a && b &&
      (a->ulValueLen != b->ulValueLen || (a->ulValueLen && (!a->pValue || !b->pValue ||
                                                            memcmp(a->pValue, b->pValue, a->ulValueLen)))))
    return CKR_TEMPLATE_INCONSISTENT;
  const CK_ATTRIBUTE *src = a ? a : b;
  if (!src || (src->ulValueLen && !src->pValue)) return CKR_OK;
  CK_RV rv = st_obj_set(pub_o, t, src->pValue, src->ulValueLen);
  return rv == CKR_OK ? st_obj_set(priv_o, t, src->pValue, src->ulValueLen) : rv;
}

static CK_RV generate_key_pair(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mech, CK_ATTRIBUTE_PTR pub_t,
                               CK_ULONG npub, CK_ATTRIBUTE_PTR priv_t, CK_ULONG npriv,
                               CK_OBJECT_HANDLE_PTR pub_h, CK_OBJECT_HANDLE_PTR priv_h) {
  st_session *s;
  st_slot *slot;
  if (!mech || !pub_h || !priv_h || (npub && !pub_t) || (npriv && !priv_t))
    return CKR_ARGUMENTS_BAD;
  CK_RV rv = st_session_get(h, &s, &slot);
  if (rv != CKR_OK) return rv;
  const st_mech *m = st_mech_find(mech->mechanism);
  if (!m || m->kind != ST_MECH_KEYGEN) return CKR_MECHANISM_INVALID;
  if (mech->pParameter || mech->ulParameterLen) return CKR_MECHANISM_PARAM_INVALID;
  CK_KEY_TYPE kt = st_key_type_for_bits(m->bits);
  st_object *objs[2] = {st_obj_new(0), st_obj_new(0)};
  unsigned char priv[64], pub[128];
  if (!objs[0] || !objs[1]) rv = CKR_HOST_MEMORY;
  if (rv == CKR_OK)
    rv = share_param(CKA_GOSTR3410_PARAMS, pub_t, npub, priv_t, npriv, objs[0], objs[1]);
  if (rv == CKR_OK)
    rv = share_param(CKA_GOSTR3411_PARAMS, pub_t, npub, priv_t, npriv, objs[0], objs[1]);
  if (rv == CKR_OK)
    rv = st_tmpl_build(pub_t, npub, CKO_PUBLIC_KEY, kt, ST_ORIGIN_GENERATE, objs[0]);
  if (rv == CKR_OK)
    rv = st_tmpl_build(priv_t, npriv, CKO_PRIVATE_KEY, kt, ST_ORIGIN_GENERATE, objs[1]);
  const st_paramset *ps = NULL;
  if (rv == CKR_OK) {
    const st_attr *p = st_obj_find(objs[0], CKA_GOSTR3410_PARAMS);
    ps = st_paramset_by_der(p->val, p->len);
    rv = st_gost_generate(ps, priv, pub);
  }
  for (int i = 0; i < 2 && rv == CKR_OK; i++) {
    rv = st_obj_set_ulong(objs[i], CKA_KEY_GEN_MECHANISM, mech->mechanism);
    if (rv == CKR_OK)
      rv = i == 0 ? st_obj_set(objs[0], CKA_VALUE, pub, ps->bits / 4)
                  : st_obj_set(objs[1], CKA_VALUE, priv, ps->bits / 8);
  }
  memset(priv, 0, sizeof priv);
  if (rv == CKR_OK) rv = st_object_store(s, slot, objs, 2);
  if (rv != CKR_OK) {
    st_obj_free(objs[0]);
    st_obj_free(objs[1]);
    return rv;
  }
  *pub_h = objs[0]->handle;
  *priv_h = objs[1]->handle;
  return CKR_OK;
}

CK_RV C_GenerateKeyPair(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mech, CK_ATTRIBUTE_PTR pub_t,
                        CK_ULONG npub, CK_ATTRIBUTE_PTR priv_t, CK_ULONG npriv,
                        CK_OBJECT_HANDLE_PTR pub_h, CK_OBJECT_HANDLE_PTR priv_h) {
  ST_API(generate_key_pair(h, mech, pub_t, npub, priv_t, npriv, pub_h, priv_h));
}
