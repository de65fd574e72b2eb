/* C_DeriveKey with CKM_GOSTR3410_12_DERIVE, as Rutoken implements it: VKO GOST R 34.10-2012 of the
 * token's private key (which must carry CKA_DERIVE) with the peer's public value and an 8-byte UKM;
 * kdf CKD_NULL gives the VKO key itself, CKD_CPDIVERSIFY_KDF that key diversified by the UKM
 * (RFC 4357 §6.5). The result is a 32-byte CKK_GOST28147 secret key; its value is readable only
 * when the template made it non-sensitive and extractable. */
#include "st.h"

#include <string.h>

static CK_RV check_params(const CK_MECHANISM *mech, const st_paramset *ps,
                          const CK_GOSTR3410_DERIVE_PARAMS **out) {
  static const unsigned char zero_ukm[ST_VKO_UKM_LEN];
  if (!mech->pParameter || mech->ulParameterLen != sizeof(CK_GOSTR3410_DERIVE_PARAMS))
    return CKR_MECHANISM_PARAM_INVALID;
  const CK_GOSTR3410_DERIVE_PARAMS *p = mech->pParameter;
  if (p->kdf != CKD_NULL && p->kdf != CKD_CPDIVERSIFY_KDF) return CKR_MECHANISM_PARAM_INVALID;
  if (!p->pPublicData || p->ulPublicDataLen != ps->bits / 4) return CKR_MECHANISM_PARAM_INVALID;
  /* A zero UKM would make the shared point the point at infinity. */
  if (!p->pUKM || p->ulUKMLen != ST_VKO_UKM_LEN || memcmp(p->pUKM, zero_ukm, ST_VKO_UKM_LEN) == 0)
    return CKR_MECHANISM_PARAM_INVALID;
  *out = p;
  return CKR_OK;
}

/* The base key, checked the way key_op_init checks signing keys. */
static CK_RV base_key(st_session *s, st_slot *slot, CK_OBJECT_HANDLE h, const st_paramset **ps,
                      const st_attr **priv, const st_object **out) {
  st_object *o;
  if (st_object_get(s, slot, h, &o) != CKR_OK) return CKR_KEY_HANDLE_INVALID;
  CK_KEY_TYPE kt = st_obj_ulong(o, CKA_KEY_TYPE, (CK_ULONG)-1);
  if (st_obj_ulong(o, CKA_CLASS, (CK_ULONG)-1) != CKO_PRIVATE_KEY ||
      (kt != CKK_GOSTR3410 && kt != CKK_GOSTR3410_512))
    return CKR_KEY_TYPE_INCONSISTENT;
  if (!st_obj_bool(o, CKA_DERIVE)) return CKR_KEY_FUNCTION_NOT_PERMITTED;
  const st_attr *p = st_obj_find(o, CKA_GOSTR3410_PARAMS);
  *ps = p ? st_paramset_by_der(p->val, p->len) : NULL;
  *priv = st_obj_find(o, CKA_VALUE);
  if (!*ps || !*priv || (*priv)->len != (*ps)->bits / 8) return CKR_KEY_TYPE_INCONSISTENT;
  *out = o;
  return CKR_OK;
}

/* PKCS#11 §4.7: a derived key is "always sensitive"/"never extractable" only if its base key was. */
static CK_RV set_lineage(st_object *o, const st_object *base) {
  int sensitive = st_obj_bool(o, CKA_SENSITIVE), extractable = st_obj_bool(o, CKA_EXTRACTABLE);
  CK_RV rv = st_obj_set_bool(
      o, CKA_ALWAYS_SENSITIVE, (CK_BBOOL)(sensitive && st_obj_bool(base, CKA_ALWAYS_SENSITIVE)));
  if (rv != CKR_OK) return rv;
  return st_obj_set_bool(
      o, CKA_NEVER_EXTRACTABLE, (CK_BBOOL)(!extractable && st_obj_bool(base, CKA_NEVER_EXTRACTABLE)));
}

static CK_RV derive_key(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mech, CK_OBJECT_HANDLE base,
                        CK_ATTRIBUTE_PTR tmpl, CK_ULONG n, CK_OBJECT_HANDLE_PTR out) {
  st_session *s;
  st_slot *slot;
  const st_object *key;
  const st_paramset *ps;
  const st_attr *priv;
  const CK_GOSTR3410_DERIVE_PARAMS *params;
  if (!mech || !out || (n && !tmpl)) return CKR_ARGUMENTS_BAD;
  CK_RV rv = st_session_get(h, &s, &slot);
  if (rv != CKR_OK) return rv;
  const st_mech *m = st_mech_find(mech->mechanism);
  if (!m || m->kind != ST_MECH_DERIVE) return CKR_MECHANISM_INVALID;
  if ((rv = base_key(s, slot, base, &ps, &priv, &key)) != CKR_OK) return rv;
  if ((rv = check_params(mech, ps, &params)) != CKR_OK) return rv;
  st_object *o = st_obj_new(0);
  if (!o) return CKR_HOST_MEMORY;
  unsigned char secret[ST_VKO_KEY_LEN];
  rv = st_tmpl_build(tmpl, n, CKO_SECRET_KEY, CKK_GOST28147, ST_ORIGIN_DERIVE, o);
  if (rv == CKR_OK && st_obj_ulong(o, CKA_VALUE_LEN, ST_VKO_KEY_LEN) != ST_VKO_KEY_LEN)
    rv = CKR_TEMPLATE_INCONSISTENT;
  if (rv == CKR_OK) rv = st_obj_set_ulong(o, CKA_VALUE_LEN, ST_VKO_KEY_LEN);
  if (rv == CKR_OK) rv = set_lineage(o, key);
  if (rv == CKR_OK) rv = st_gost_vko(ps, priv->val, params->pPublicData, params->pUKM, secret);
  if (rv == CKR_OK && params->kdf == CKD_CPDIVERSIFY_KDF)
    rv = st_gost_cp_diversify(secret, params->pUKM, secret);
  if (rv == CKR_OK) rv = st_obj_set(o, CKA_VALUE, secret, sizeof secret);
  memset(secret, 0, sizeof secret);
  if (rv == CKR_OK) rv = st_object_store(s, slot, &o, 1);
  if (rv != CKR_OK) {
    st_obj_free(o);
    return rv;
  }
  *out = o->handle;
  return CKR_OK;
}

CK_RV C_DeriveKey(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mech, CK_OBJECT_HANDLE base,
                  CK_ATTRIBUTE_PTR tmpl, CK_ULONG n, CK_OBJECT_HANDLE_PTR out) {
  ST_API(derive_key(h, mech, base, tmpl, n, out));
}
