/* Token file format (host byte order; the fixture never moves between machines):
 *   "KEPSTOK1" | u32 initialized | label[32] | serial[16] | u32 so_pin_len | so_pin[64]
 *   | u32 user_pin_set | u32 user_pin_len | user_pin[64] | u32 user_tries | u32 so_tries
 *   | u64 next_handle | u32 nobjs | objects
 *   object: u64 handle | u32 nattrs | (u64 type | u32 len | bytes)*
 * PINs and private scalars are stored in clear: this is a TEST token. */
#include "st.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char MAGIC[8] = {'K', 'E', 'P', 'S', 'T', 'O', 'K', '1'};

typedef struct {
  unsigned char *p;
  size_t len, cap;
  int oom;
} wbuf;

static void put(wbuf *b, const void *data, size_t len) {
  if (b->oom) return;
  if (b->len + len > b->cap) {
    size_t cap = (b->cap + len) * 2;
    unsigned char *n = realloc(b->p, cap);
    if (!n) {
      b->oom = 1;
      return;
    }
    b->p = n;
    b->cap = cap;
  }
  if (len) memcpy(b->p + b->len, data, len);
  b->len += len;
}

static void put32(wbuf *b, uint32_t v) { put(b, &v, sizeof v); }
static void put64(wbuf *b, uint64_t v) { put(b, &v, sizeof v); }

typedef struct {
  const unsigned char *p;
  size_t len, off;
  int bad;
} rbuf;

static void get(rbuf *b, void *out, size_t len) {
  if (b->bad || b->len - b->off < len) {
    b->bad = 1;
    memset(out, 0, len);
    return;
  }
  memcpy(out, b->p + b->off, len);
  b->off += len;
}

static uint32_t get32(rbuf *b) {
  uint32_t v;
  get(b, &v, sizeof v);
  return v;
}

static uint64_t get64(rbuf *b) {
  uint64_t v;
  get(b, &v, sizeof v);
  return v;
}

void st_token_clear(st_token *t) {
  for (size_t i = 0; i < t->nobjs; i++) st_obj_free(t->objs[i]);
  free(t->objs);
  memset(t, 0, sizeof *t);
}

size_t st_token_used(const st_token *t) {
  size_t used = 0;
  for (size_t i = 0; i < t->nobjs; i++) used += st_obj_stored_size(t->objs[i]);
  return used;
}

static CK_RV parse(rbuf *r, st_token *t) {
  char magic[8];
  get(r, magic, sizeof magic);
  if (r->bad || memcmp(magic, MAGIC, sizeof magic) != 0) return CKR_DEVICE_ERROR;
  t->initialized = (int)get32(r);
  get(r, t->label, sizeof t->label);
  get(r, t->serial, sizeof t->serial);
  t->so_pin_len = get32(r);
  get(r, t->so_pin, sizeof t->so_pin);
  t->user_pin_set = (int)get32(r);
  t->user_pin_len = get32(r);
  get(r, t->user_pin, sizeof t->user_pin);
  t->user_tries = get32(r);
  t->so_tries = get32(r);
  t->next_handle = get64(r);
  uint32_t n = get32(r);
  if (r->bad || t->so_pin_len > ST_MAX_PIN || t->user_pin_len > ST_MAX_PIN || n > r->len)
    return CKR_DEVICE_ERROR;
  t->objs = calloc(n ? n : 1, sizeof *t->objs);
  if (!t->objs) return CKR_HOST_MEMORY;
  for (uint32_t i = 0; i < n; i++) {
    st_object *o = st_obj_new(get64(r));
    if (!o) return CKR_HOST_MEMORY;
    t->objs[t->nobjs++] = o;
    uint32_t na = get32(r);
    for (uint32_t k = 0; k < na && !r->bad; k++) {
      CK_ATTRIBUTE_TYPE type = get64(r);
      uint32_t len = get32(r);
      if (r->bad || r->len - r->off < len) return CKR_DEVICE_ERROR;
      CK_RV rv = st_obj_set(o, type, r->p + r->off, len);
      if (rv != CKR_OK) return rv;
      r->off += len;
    }
  }
  return r->bad ? CKR_DEVICE_ERROR : CKR_OK;
}

CK_RV st_token_load(const char *path, st_token *t, int *exists) {
  st_token_clear(t);
  FILE *f = fopen(path, "rb");
  *exists = f != NULL;
  if (!f) return errno == ENOENT ? CKR_OK : CKR_DEVICE_ERROR;
  unsigned char *data = NULL;
  size_t len = 0, cap = 0;
  for (;;) {
    if (len == cap) {
      cap = cap ? cap * 2 : 65536;
      unsigned char *n = realloc(data, cap);
      if (!n) break;
      data = n;
    }
    size_t got = fread(data + len, 1, cap - len, f);
    if (got == 0) break;
    len += got;
  }
  int err = ferror(f);
  fclose(f);
  rbuf r = {data, len, 0, 0};
  CK_RV rv = err || !data ? CKR_DEVICE_ERROR : parse(&r, t);
  free(data);
  if (rv != CKR_OK) {
    fprintf(stderr, "kep-softtoken: %s is unreadable or corrupt\n", path);
    st_token_clear(t);
  }
  return rv;
}

CK_RV st_token_save(const char *path, const st_token *t) {
  wbuf b = {0};
  put(&b, MAGIC, sizeof MAGIC);
  put32(&b, (uint32_t)t->initialized);
  put(&b, t->label, sizeof t->label);
  put(&b, t->serial, sizeof t->serial);
  put32(&b, (uint32_t)t->so_pin_len);
  put(&b, t->so_pin, sizeof t->so_pin);
  put32(&b, (uint32_t)t->user_pin_set);
  put32(&b, (uint32_t)t->user_pin_len);
  put(&b, t->user_pin, sizeof t->user_pin);
  put32(&b, t->user_tries);
  put32(&b, t->so_tries);
  put64(&b, t->next_handle);
  put32(&b, (uint32_t)t->nobjs);
  for (size_t i = 0; i < t->nobjs; i++) {
    const st_object *o = t->objs[i];
    put64(&b, o->handle);
    put32(&b, (uint32_t)o->n);
    for (size_t k = 0; k < o->n; k++) {
      put64(&b, o->attrs[k].type);
      put32(&b, (uint32_t)o->attrs[k].len);
      put(&b, o->attrs[k].val, o->attrs[k].len);
    }
  }
  CK_RV rv = b.oom ? CKR_HOST_MEMORY : st_write_atomic(path, b.p, b.len);
  free(b.p);
  return rv;
}
