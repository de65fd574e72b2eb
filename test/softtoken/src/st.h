/* Internal interfaces of the kep-bridge GOST soft token (a TEST fixture, never for real keys). */
#ifndef KEP_ST_H
#define KEP_ST_H

#define CRYPTOKI_COMPAT
#include "pkcs11.h"
#include "gost_consts.h"

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ST_MANUFACTURER "kep-bridge TEST"
#define ST_MODEL "SoftToken TEST"
#define ST_MAX_PIN 64
#define ST_MIN_PIN 4
#define ST_DEFAULT_SLOTS 2
#define ST_DEFAULT_CAPACITY 65536UL
#define ST_DEFAULT_PIN_TRIES 10
#define ST_SESSION_OBJECT_BASE 0x40000000UL
#define ST_NOBODY ((CK_USER_TYPE)-1)

/* ---- objects.c: attribute lists ---- */
typedef struct {
  CK_ATTRIBUTE_TYPE type;
  CK_ULONG len;
  unsigned char *val;
} st_attr;

typedef struct {
  CK_OBJECT_HANDLE handle;
  CK_SESSION_HANDLE owner; /* session that created a session object; 0 for token objects */
  size_t n;
  st_attr *attrs;
} st_object;

st_object *st_obj_new(CK_OBJECT_HANDLE handle);
void st_obj_free(st_object *o);
st_attr *st_obj_find(const st_object *o, CK_ATTRIBUTE_TYPE t);
CK_RV st_obj_set(st_object *o, CK_ATTRIBUTE_TYPE t, const void *val, CK_ULONG len);
CK_RV st_obj_set_bool(st_object *o, CK_ATTRIBUTE_TYPE t, CK_BBOOL v);
CK_RV st_obj_set_ulong(st_object *o, CK_ATTRIBUTE_TYPE t, CK_ULONG v);
int st_obj_bool(const st_object *o, CK_ATTRIBUTE_TYPE t);
CK_ULONG st_obj_ulong(const st_object *o, CK_ATTRIBUTE_TYPE t, CK_ULONG dflt);
int st_obj_matches(const st_object *o, const CK_ATTRIBUTE *tmpl, CK_ULONG n);
size_t st_obj_stored_size(const st_object *o);
const CK_ATTRIBUTE *st_tmpl_find(const CK_ATTRIBUTE *tmpl, CK_ULONG n, CK_ATTRIBUTE_TYPE t);

/* ---- template.c: building objects from templates, attribute access rules ---- */
typedef enum { ST_ORIGIN_CREATE, ST_ORIGIN_GENERATE, ST_ORIGIN_DERIVE } st_origin;
CK_RV st_tmpl_build(const CK_ATTRIBUTE *tmpl, CK_ULONG n, CK_OBJECT_CLASS forced_class,
                    CK_KEY_TYPE forced_key_type, st_origin origin, st_object *out);
CK_RV st_tmpl_check_set(const st_object *o, const CK_ATTRIBUTE *tmpl, CK_ULONG n);
int st_attr_is_sensitive(const st_object *o, CK_ATTRIBUTE_TYPE t);

/* ---- gost.c: OpenSSL + gost engine ---- */
typedef struct {
  const char *name;
  const char *oid;
  unsigned char der[11];
  size_t der_len;
  unsigned bits;
} st_paramset;

const st_paramset *st_paramset_by_der(const unsigned char *der, size_t len);
const unsigned char *st_digest_oid_der(unsigned bits, size_t *len);
CK_RV st_gost_load(void);
void st_gost_unload(void);
/* priv: LE scalar (bits/8); pub: LE(x)||LE(y) (bits/4). */
CK_RV st_gost_generate(const st_paramset *ps, unsigned char *priv, unsigned char *pub);
CK_RV st_gost_public_from_private(const st_paramset *ps, const unsigned char *priv, unsigned char *pub);
CK_RV st_gost_check_public(const st_paramset *ps, const unsigned char *pub);
/* digest: as `openssl dgst` prints it; sig: s||r big-endian halves. */
CK_RV st_gost_sign(const st_paramset *ps, const unsigned char *priv, const unsigned char *digest,
                   unsigned char *sig);
CK_RV st_gost_verify(const st_paramset *ps, const unsigned char *pub, const unsigned char *digest,
                     const unsigned char *sig);
#define ST_VKO_UKM_LEN 8
#define ST_VKO_KEY_LEN 32
/* VKO GOST R 34.10-2012 with an 8-byte UKM and Streebog-256, as gost-engine derives it:
 * out = H256(LE(x)||LE(y)) of (UKM * priv) * peer; peer is LE(x)||LE(y). */
CK_RV st_gost_vko(const st_paramset *ps, const unsigned char *priv, const unsigned char *peer,
                  const unsigned char *ukm, unsigned char *out);
/* RFC 4357 §6.5: out = the 32-byte kek diversified by the 8-byte UKM (CKD_CPDIVERSIFY_KDF). */
CK_RV st_gost_cp_diversify(const unsigned char *kek, const unsigned char *ukm, unsigned char *out);
typedef struct st_digest st_digest;
st_digest *st_digest_new(unsigned bits);
CK_RV st_digest_update(st_digest *d, const unsigned char *data, size_t len);
CK_RV st_digest_final(st_digest *d, unsigned char *out);
void st_digest_free(st_digest *d);
CK_RV st_random(unsigned char *out, size_t len);

/* ---- mechs.c: the one table of supported mechanisms ---- */
typedef enum { ST_MECH_KEYGEN, ST_MECH_RAW, ST_MECH_HASH_SIGN, ST_MECH_DIGEST, ST_MECH_DERIVE } st_mech_kind;
typedef struct {
  CK_MECHANISM_TYPE type;
  st_mech_kind kind;
  unsigned bits; /* key size for key mechanisms, digest size for digests */
  CK_FLAGS flags;
} st_mech;
extern const st_mech st_mechs[];
extern const size_t st_nmechs;
const st_mech *st_mech_find(CK_MECHANISM_TYPE t);
CK_KEY_TYPE st_key_type_for_bits(unsigned bits);

/* ---- store.c: per-slot token state, persisted atomically ---- */
typedef struct {
  int initialized;
  char label[32];
  char serial[16];
  unsigned char so_pin[ST_MAX_PIN];
  size_t so_pin_len;
  unsigned char user_pin[ST_MAX_PIN];
  size_t user_pin_len;
  int user_pin_set;
  unsigned user_tries; /* left */
  unsigned so_tries;
  CK_OBJECT_HANDLE next_handle;
  st_object **objs;
  size_t nobjs;
} st_token;

void st_token_clear(st_token *t);
CK_RV st_token_load(const char *path, st_token *t, int *exists);
CK_RV st_token_save(const char *path, const st_token *t);
size_t st_token_used(const st_token *t);

/* ---- config.c: directory layout, config file and control files ---- */
typedef struct {
  char dir[4096];
  CK_ULONG slots;
  CK_ULONG capacity;
  unsigned pin_tries;
} st_config;

CK_RV st_config_load(st_config *c);
void st_path(char *out, size_t cap, const char *dir, const char *fmt, unsigned long arg);
int st_slot_removed(const st_config *c, CK_SLOT_ID slot);
/* Counter in `slot-N.inserted`, bumped by each re-insertion, so a quick replug is noticed too. */
unsigned long st_slot_insertions(const st_config *c, CK_SLOT_ID slot);
/* 1 when the fail-after countdown hits this call. */
int st_fault_due(const st_config *c);
CK_RV st_write_atomic(const char *path, const void *data, size_t len);

/* ---- state.c: the module's global state, slots and sessions ---- */
typedef struct {
  CK_MECHANISM_TYPE mech;
  int active;
  const st_paramset *ps;
  int parts; /* C_*Update was used, so the one-shot call is no longer allowed */
  unsigned char key[128]; /* priv scalar for signing, public value for verifying */
  st_digest *md;          /* with-hash and digest mechanisms */
  unsigned char *buf;     /* raw mechanisms collect the one-part input here */
  size_t buflen;
} st_op;

typedef struct {
  CK_SESSION_HANDLE handle;
  CK_SLOT_ID slot;
  CK_FLAGS flags;
  CK_OBJECT_HANDLE *found;
  size_t nfound, pos;
  int finding;
  int gone; /* token was removed under it: next use reports CKR_DEVICE_REMOVED */
  st_op sign, verify, digest;
} st_session;

typedef struct {
  st_token tok;
  int present;
  int have_file;
  dev_t dev;
  ino_t ino;
  struct timespec mtime, ctime;
  off_t size;
  unsigned long insertions;
  int seen;
  CK_USER_TYPE login;
  st_object **sobjs;
  size_t nsobjs;
  CK_OBJECT_HANDLE next_sobj;
} st_slot;

typedef struct {
  int initialized;
  int lock_fd; /* flock()ed for the length of each call: one token, one caller at a time */
  st_config cfg;
  st_slot *slots;
  st_session **sessions;
  size_t nsessions;
  CK_SESSION_HANDLE next_session;
} st_state;

extern st_state g_st;

CK_RV st_initialize(const CK_C_INITIALIZE_ARGS *args);
CK_RV st_finalize(void);
typedef enum { ST_OP_NONE, ST_OP_SIGN, ST_OP_VERIFY, ST_OP_DIGEST, ST_OP_FIND } st_op_kind;
CK_RV st_enter(void);
/* Like st_enter; an injected failure also ends the session's `kind` operation, because a real
 * token's failed C_*Update/C_*Final terminates the operation, and a card that lost its state
 * has no search to finish either. */
CK_RV st_enter_op(CK_SESSION_HANDLE h, st_op_kind kind);
void st_leave(void);
/* Body of every entry point except C_Initialize/C_Finalize/C_GetFunctionList: lock, check
 * initialisation and the injected-fault countdown, run, unlock. */
#define ST_API(call)                    \
  do {                                  \
    CK_RV st_rv_ = st_enter();          \
    if (st_rv_ != CKR_OK) return st_rv_; \
    st_rv_ = (call);                    \
    st_leave();                         \
    return st_rv_;                      \
  } while (0)

#define ST_API_OP(h, kind, call)             \
  do {                                       \
    CK_RV st_rv_ = st_enter_op((h), (kind)); \
    if (st_rv_ != CKR_OK) return st_rv_;     \
    st_rv_ = (call);                         \
    st_leave();                              \
    return st_rv_;                           \
  } while (0)

CK_RV st_slot_get(CK_SLOT_ID id, st_slot **out);         /* refreshes presence and token file */
CK_RV st_slot_token(CK_SLOT_ID id, st_slot **out);       /* also requires a present token */
CK_RV st_session_get(CK_SESSION_HANDLE h, st_session **s, st_slot **slot);
CK_RV st_slot_commit(CK_SLOT_ID id);                     /* persist, or reload on failure */
void st_session_close(st_session *s);
void st_find_reset(st_session *s);
void st_op_reset(st_op *op);
int st_session_is_rw(const st_session *s);
CK_RV st_object_get(st_session *s, st_slot *slot, CK_OBJECT_HANDLE h, st_object **out);
int st_object_visible(const st_slot *slot, const st_object *o);
CK_RV st_object_store(st_session *s, st_slot *slot, st_object **objs, size_t n);
CK_RV st_object_destroy(st_slot *slot, CK_OBJECT_HANDLE h);
CK_RV st_object_check_access(const st_session *s, const st_slot *slot, CK_BBOOL token,
                             CK_BBOOL priv);

#endif
