/* Sign, verify, digest and random. Byte orders are those of real GOST tokens: the raw mechanisms
 * take the digest exactly as `openssl dgst` prints it, signatures are s||r. */
#include "st.h"

#include <stdlib.h>
#include <string.h>

/* A parameter, when given, must be the DER digest OID matching the mechanism (Rutoken style). */
static CK_RV check_digest_param(const CK_MECHANISM *mech, unsigned bits) {
  if (!mech->pParameter && !mech->ulParameterLen) return CKR_OK;
  size_t len;
  const unsigned char *der = st_digest_oid_der(bits, &len);
  if (!mech->pParameter || mech->ulParameterLen != len || memcmp(mech->pParameter, der, len) != 0)
    return CKR_MECHANISM_PARAM_INVALID;
  return CKR_OK;
}

static CK_RV key_op_init(CK_SESSION_HANDLE h, st_op *(*pick)(st_session *), CK_MECHANISM_PTR mech,
                         CK_OBJECT_HANDLE key, CK_OBJECT_CLASS cls, CK_ATTRIBUTE_TYPE usage) {
  st_session *s;
  st_slot *slot;
  st_object *o;
  if (!mech) return CKR_ARGUMENTS_BAD;
  CK_RV rv = st_session_get(h, &s, &slot);
  if (rv != CKR_OK) return rv;
  st_op *op = pick(s);
  if (op->active) return CKR_OPERATION_ACTIVE;
  const st_mech *m = st_mech_find(mech->mechanism);
  if (!m || (m->kind != ST_MECH_RAW && m->kind != ST_MECH_HASH_SIGN)) return CKR_MECHANISM_INVALID;
  if (m->kind == ST_MECH_RAW && (mech->pParameter || mech->ulParameterLen))
    return CKR_MECHANISM_PARAM_INVALID;
  if (m->kind == ST_MECH_HASH_SIGN && (rv = check_digest_param(mech, m->bits)) != CKR_OK) return rv;
  if (st_object_get(s, slot, key, &o) != CKR_OK) return CKR_KEY_HANDLE_INVALID;
  if (st_obj_ulong(o, CKA_CLASS, (CK_ULONG)-1) != cls ||
      st_obj_ulong(o, CKA_KEY_TYPE, (CK_ULONG)-1) != st_key_type_for_bits(m->bits))
    return CKR_KEY_TYPE_INCONSISTENT;
  if (!st_obj_bool(o, usage)) return CKR_KEY_FUNCTION_NOT_PERMITTED;
  const st_attr *p = st_obj_find(o, CKA_GOSTR3410_PARAMS), *v = st_obj_find(o, CKA_VALUE);
  const st_paramset *ps = p ? st_paramset_by_der(p->val, p->len) : NULL;
  if (!ps || !v || v->len > sizeof op->key) return CKR_KEY_TYPE_INCONSISTENT;
  if (m->kind == ST_MECH_HASH_SIGN && !(op->md = st_digest_new(m->bits))) return CKR_HOST_MEMORY;
  op->mech = m->type;
  op->ps = ps;
  memcpy(op->key, v->val, v->len);
  op->active = 1;
  return CKR_OK;
}

static st_op *sign_op(st_session *s) { return &s->sign; }
static st_op *verify_op(st_session *s) { return &s->verify; }
static st_op *digest_op(st_session *s) { return &s->digest; }

static CK_RV active_op(CK_SESSION_HANDLE h, st_op *(*pick)(st_session *), st_op **out) {
  st_session *s;
  st_slot *slot;
  CK_RV rv = st_session_get(h, &s, &slot);
  if (rv != CKR_OK) return rv;
  *out = pick(s);
  return (*out)->active ? CKR_OK : CKR_OPERATION_NOT_INITIALIZED;
}

/* Raw mechanisms buffer their (single, digest-sized) input; hashing ones stream it. */
static CK_RV feed(st_op *op, const unsigned char *data, CK_ULONG len) {
  if (len && !data) return CKR_ARGUMENTS_BAD;
  if (op->md) return st_digest_update(op->md, data, len);
  if (op->buflen + len > 128) return CKR_DATA_LEN_RANGE;
  unsigned char *grown = realloc(op->buf, op->buflen + len + 1);
  if (!grown) return CKR_HOST_MEMORY;
  op->buf = grown;
  if (len) memcpy(op->buf + op->buflen, data, len);
  op->buflen += len;
  return CKR_OK;
}

static CK_RV input_digest(st_op *op, unsigned char *digest) {
  size_t need = op->ps->bits / 8;
  if (op->md) return st_digest_final(op->md, digest);
  if (op->buflen != need) return CKR_DATA_LEN_RANGE;
  memcpy(digest, op->buf, need);
  return CKR_OK;
}

/* Size query (NULL buffer) and a short buffer leave the operation running, as PKCS#11 says. */
static int size_only(CK_BYTE_PTR out, CK_ULONG_PTR len, CK_ULONG need, CK_RV *rv) {
  if (out && *len >= need) return 0;
  *rv = out ? CKR_BUFFER_TOO_SMALL : CKR_OK;
  *len = need;
  return 1;
}

static CK_RV sign_finish(st_op *op, CK_BYTE_PTR sig, CK_ULONG_PTR sig_len) {
  unsigned char digest[64];
  CK_RV rv = input_digest(op, digest);
  if (rv == CKR_OK) rv = st_gost_sign(op->ps, op->key, digest, sig);
  if (rv == CKR_OK) *sig_len = op->ps->bits / 4;
  st_op_reset(op);
  return rv;
}

static CK_RV sign(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR sig,
                  CK_ULONG_PTR sig_len) {
  st_op *op;
  CK_RV rv = active_op(h, sign_op, &op);
  if (rv != CKR_OK) return rv;
  if (!sig_len) return CKR_ARGUMENTS_BAD;
  if (op->parts) return CKR_OPERATION_ACTIVE;
  if (size_only(sig, sig_len, op->ps->bits / 4, &rv)) return rv;
  rv = feed(op, data, len);
  if (rv != CKR_OK) {
    st_op_reset(op);
    return rv;
  }
  return sign_finish(op, sig, sig_len);
}

static CK_RV update(CK_SESSION_HANDLE h, st_op *(*pick)(st_session *), CK_BYTE_PTR part,
                    CK_ULONG len) {
  st_op *op;
  CK_RV rv = active_op(h, pick, &op);
  if (rv != CKR_OK) return rv;
  op->parts = 1;
  rv = feed(op, part, len);
  if (rv != CKR_OK) st_op_reset(op);
  return rv;
}

static CK_RV sign_final(CK_SESSION_HANDLE h, CK_BYTE_PTR sig, CK_ULONG_PTR sig_len) {
  st_op *op;
  CK_RV rv = active_op(h, sign_op, &op);
  if (rv != CKR_OK) return rv;
  if (!sig_len) return CKR_ARGUMENTS_BAD;
  if (size_only(sig, sig_len, op->ps->bits / 4, &rv)) return rv;
  return sign_finish(op, sig, sig_len);
}

static CK_RV verify_finish(st_op *op, CK_BYTE_PTR sig, CK_ULONG sig_len) {
  unsigned char digest[64];
  CK_RV rv = CKR_SIGNATURE_LEN_RANGE;
  if (sig_len == op->ps->bits / 4 && sig) {
    rv = input_digest(op, digest);
    if (rv == CKR_OK) rv = st_gost_verify(op->ps, op->key, digest, sig);
  }
  st_op_reset(op);
  return rv;
}

static CK_RV verify(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR sig,
                    CK_ULONG sig_len) {
  st_op *op;
  CK_RV rv = active_op(h, verify_op, &op);
  if (rv != CKR_OK) return rv;
  if (op->parts) return CKR_OPERATION_ACTIVE;
  rv = feed(op, data, len);
  if (rv != CKR_OK) {
    st_op_reset(op);
    return rv;
  }
  return verify_finish(op, sig, sig_len);
}

static CK_RV verify_final(CK_SESSION_HANDLE h, CK_BYTE_PTR sig, CK_ULONG sig_len) {
  st_op *op;
  CK_RV rv = active_op(h, verify_op, &op);
  return rv == CKR_OK ? verify_finish(op, sig, sig_len) : rv;
}

CK_RV C_SignInit(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mech, CK_OBJECT_HANDLE key) {
  ST_API(key_op_init(h, sign_op, mech, key, CKO_PRIVATE_KEY, CKA_SIGN));
}
CK_RV C_Sign(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR sig,
             CK_ULONG_PTR sig_len) {
  ST_API_OP(h, ST_OP_SIGN, sign(h, data, len, sig, sig_len));
}
CK_RV C_SignUpdate(CK_SESSION_HANDLE h, CK_BYTE_PTR part, CK_ULONG len) {
  ST_API_OP(h, ST_OP_SIGN, update(h, sign_op, part, len));
}
CK_RV C_SignFinal(CK_SESSION_HANDLE h, CK_BYTE_PTR sig, CK_ULONG_PTR sig_len) {
  ST_API_OP(h, ST_OP_SIGN, sign_final(h, sig, sig_len));
}
CK_RV C_VerifyInit(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mech, CK_OBJECT_HANDLE key) {
  ST_API(key_op_init(h, verify_op, mech, key, CKO_PUBLIC_KEY, CKA_VERIFY));
}
CK_RV C_Verify(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR sig,
               CK_ULONG sig_len) {
  ST_API_OP(h, ST_OP_VERIFY, verify(h, data, len, sig, sig_len));
}
CK_RV C_VerifyUpdate(CK_SESSION_HANDLE h, CK_BYTE_PTR part, CK_ULONG len) {
  ST_API_OP(h, ST_OP_VERIFY, update(h, verify_op, part, len));
}
CK_RV C_VerifyFinal(CK_SESSION_HANDLE h, CK_BYTE_PTR sig, CK_ULONG sig_len) {
  ST_API_OP(h, ST_OP_VERIFY, verify_final(h, sig, sig_len));
}

static CK_RV digest_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mech) {
  st_session *s;
  st_slot *slot;
  if (!mech) return CKR_ARGUMENTS_BAD;
  CK_RV rv = st_session_get(h, &s, &slot);
  if (rv != CKR_OK) return rv;
  if (s->digest.active) return CKR_OPERATION_ACTIVE;
  const st_mech *m = st_mech_find(mech->mechanism);
  if (!m || m->kind != ST_MECH_DIGEST) return CKR_MECHANISM_INVALID;
  if ((rv = check_digest_param(mech, m->bits)) != CKR_OK) return rv;
  if (!(s->digest.md = st_digest_new(m->bits))) return CKR_HOST_MEMORY;
  s->digest.mech = m->type;
  s->digest.active = 1;
  return CKR_OK;
}

static CK_ULONG digest_len(const st_op *op) {
  return st_mech_find(op->mech)->bits / 8;
}

static CK_RV digest_finish(st_op *op, CK_BYTE_PTR out, CK_ULONG_PTR out_len) {
  CK_RV rv = st_digest_final(op->md, out);
  if (rv == CKR_OK) *out_len = digest_len(op);
  st_op_reset(op);
  return rv;
}

static CK_RV digest(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR out,
                    CK_ULONG_PTR out_len) {
  st_op *op;
  CK_RV rv = active_op(h, digest_op, &op);
  if (rv != CKR_OK) return rv;
  if (!out_len) return CKR_ARGUMENTS_BAD;
  if (op->parts) return CKR_OPERATION_ACTIVE;
  if (size_only(out, out_len, digest_len(op), &rv)) return rv;
  if ((rv = feed(op, data, len)) != CKR_OK) {
    st_op_reset(op);
    return rv;
  }
  return digest_finish(op, out, out_len);
}

static CK_RV digest_final(CK_SESSION_HANDLE h, CK_BYTE_PTR out, CK_ULONG_PTR out_len) {
  st_op *op;
  CK_RV rv = active_op(h, digest_op, &op);
  if (rv != CKR_OK) return rv;
  if (!out_len) return CKR_ARGUMENTS_BAD;
  if (size_only(out, out_len, digest_len(op), &rv)) return rv;
  return digest_finish(op, out, out_len);
}

CK_RV C_DigestInit(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mech) { ST_API(digest_init(h, mech)); }
CK_RV C_Digest(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR out,
               CK_ULONG_PTR out_len) {
  ST_API_OP(h, ST_OP_DIGEST, digest(h, data, len, out, out_len));
}
CK_RV C_DigestUpdate(CK_SESSION_HANDLE h, CK_BYTE_PTR part, CK_ULONG len) {
  ST_API_OP(h, ST_OP_DIGEST, update(h, digest_op, part, len));
}
CK_RV C_DigestFinal(CK_SESSION_HANDLE h, CK_BYTE_PTR out, CK_ULONG_PTR out_len) {
  ST_API_OP(h, ST_OP_DIGEST, digest_final(h, out, out_len));
}

static CK_RV generate_random(CK_SESSION_HANDLE h, CK_BYTE_PTR out, CK_ULONG len) {
  st_session *s;
  st_slot *slot;
  if (len && !out) return CKR_ARGUMENTS_BAD;
  CK_RV rv = st_session_get(h, &s, &slot);
  return rv == CKR_OK ? st_random(out, len) : rv;
}

CK_RV C_GenerateRandom(CK_SESSION_HANDLE h, CK_BYTE_PTR out, CK_ULONG len) {
  ST_API(generate_random(h, out, len));
}
