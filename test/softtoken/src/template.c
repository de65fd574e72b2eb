/* Which attributes each object class has, their defaults, and which a caller may set. The
 * rules follow PKCS#11 v2.40 §4 closely enough that template mistakes fail here the way they
 * fail on a hardware token instead of silently working. */
#include "st.h"

#include <string.h>

enum { K_BOOL, K_ULONG, K_BYTES };
enum {
  F_REQ = 1,      /* C_CreateObject must supply it */
  F_RO = 2,       /* set by the token only */
  F_MOD = 4,      /* C_SetAttributeValue may change it */
  F_CREATE = 8,   /* supplied on import, produced by the token on generation */
  F_SECRET = 16,  /* never readable */
  F_DEFAULT = 32, /* created with the default value when absent */
};

typedef struct {
  CK_ATTRIBUTE_TYPE type;
  int kind;
  int flags;
  CK_ULONG dflt;
} rule;

#define R_END {(CK_ATTRIBUTE_TYPE)-1, 0, 0, 0}

static const rule common_rules[] = {
    {CKA_CLASS, K_ULONG, 0, 0},
    {CKA_TOKEN, K_BOOL, F_DEFAULT, CK_FALSE},
    {CKA_PRIVATE, K_BOOL, 0, 0}, /* default depends on class, see below */
    {CKA_MODIFIABLE, K_BOOL, F_DEFAULT, CK_TRUE},
    {CKA_DESTROYABLE, K_BOOL, F_DEFAULT, CK_TRUE},
    {CKA_LABEL, K_BYTES, F_DEFAULT | F_MOD, 0},
    R_END,
};

static const rule key_rules[] = {
    {CKA_KEY_TYPE, K_ULONG, F_REQ, 0},
    {CKA_ID, K_BYTES, F_DEFAULT | F_MOD, 0},
    {CKA_START_DATE, K_BYTES, F_DEFAULT | F_MOD, 0},
    {CKA_END_DATE, K_BYTES, F_DEFAULT | F_MOD, 0},
    {CKA_DERIVE, K_BOOL, F_DEFAULT | F_MOD, CK_FALSE},
    {CKA_LOCAL, K_BOOL, F_RO, 0},
    {CKA_KEY_GEN_MECHANISM, K_ULONG, F_RO, 0},
    R_END,
};

/* Public and private GOST R 34.10 keys, on top of key_rules. */
static const rule pair_rules[] = {
    {CKA_SUBJECT, K_BYTES, F_DEFAULT | F_MOD, 0},
    {CKA_GOSTR3410_PARAMS, K_BYTES, F_REQ, 0},
    {CKA_GOSTR3411_PARAMS, K_BYTES, 0, 0},
    R_END,
};

/* Secret keys exist only as C_DeriveKey results (VKO output, CKK_GOST28147). CKA_VALUE is
 * revealed or not by CKA_SENSITIVE and CKA_EXTRACTABLE, see st_attr_is_sensitive. */
static const rule secret_rules[] = {
    {CKA_SENSITIVE, K_BOOL, F_DEFAULT, CK_TRUE},
    {CKA_EXTRACTABLE, K_BOOL, F_DEFAULT, CK_FALSE},
    {CKA_ENCRYPT, K_BOOL, F_DEFAULT, CK_FALSE},
    {CKA_DECRYPT, K_BOOL, F_DEFAULT, CK_FALSE},
    {CKA_SIGN, K_BOOL, F_DEFAULT, CK_FALSE},
    {CKA_VERIFY, K_BOOL, F_DEFAULT, CK_FALSE},
    {CKA_WRAP, K_BOOL, F_DEFAULT, CK_FALSE},
    {CKA_UNWRAP, K_BOOL, F_DEFAULT, CK_FALSE},
    {CKA_ALWAYS_SENSITIVE, K_BOOL, F_RO, 0},
    {CKA_NEVER_EXTRACTABLE, K_BOOL, F_RO, 0},
    {CKA_GOST28147_PARAMS, K_BYTES, 0, 0},
    {CKA_VALUE_LEN, K_ULONG, 0, 0},
    {CKA_VALUE, K_BYTES, F_CREATE, 0},
    R_END,
};

static const rule public_rules[] = {
    {CKA_ENCRYPT, K_BOOL, F_DEFAULT, CK_FALSE},
    {CKA_VERIFY, K_BOOL, F_DEFAULT | F_MOD, CK_TRUE},
    {CKA_VERIFY_RECOVER, K_BOOL, F_DEFAULT, CK_FALSE},
    {CKA_WRAP, K_BOOL, F_DEFAULT, CK_FALSE},
    {CKA_TRUSTED, K_BOOL, F_DEFAULT, CK_FALSE},
    {CKA_VALUE, K_BYTES, F_CREATE, 0},
    R_END,
};

static const rule private_rules[] = {
    {CKA_SENSITIVE, K_BOOL, F_DEFAULT, CK_TRUE},
    {CKA_EXTRACTABLE, K_BOOL, F_DEFAULT, CK_FALSE},
    {CKA_DECRYPT, K_BOOL, F_DEFAULT, CK_FALSE},
    {CKA_SIGN, K_BOOL, F_DEFAULT | F_MOD, CK_TRUE},
    {CKA_SIGN_RECOVER, K_BOOL, F_DEFAULT, CK_FALSE},
    {CKA_UNWRAP, K_BOOL, F_DEFAULT, CK_FALSE},
    {CKA_WRAP_WITH_TRUSTED, K_BOOL, F_DEFAULT, CK_FALSE},
    {CKA_ALWAYS_AUTHENTICATE, K_BOOL, F_DEFAULT, CK_FALSE},
    {CKA_ALWAYS_SENSITIVE, K_BOOL, F_RO, 0},
    {CKA_NEVER_EXTRACTABLE, K_BOOL, F_RO, 0},
    {CKA_VALUE, K_BYTES, F_CREATE | F_SECRET, 0},
    R_END,
};

static const rule cert_rules[] = {
    {CKA_CERTIFICATE_TYPE, K_ULONG, F_REQ, 0},
    {CKA_TRUSTED, K_BOOL, F_DEFAULT, CK_FALSE},
    {CKA_CERTIFICATE_CATEGORY, K_ULONG, F_DEFAULT | F_MOD, 0},
    {CKA_START_DATE, K_BYTES, F_DEFAULT | F_MOD, 0},
    {CKA_END_DATE, K_BYTES, F_DEFAULT | F_MOD, 0},
    {CKA_SUBJECT, K_BYTES, F_DEFAULT | F_MOD, 0},
    {CKA_ID, K_BYTES, F_DEFAULT | F_MOD, 0},
    {CKA_ISSUER, K_BYTES, F_DEFAULT | F_MOD, 0},
    {CKA_SERIAL_NUMBER, K_BYTES, F_DEFAULT | F_MOD, 0},
    {CKA_VALUE, K_BYTES, F_REQ, 0},
    {CKA_URL, K_BYTES, F_DEFAULT, 0},
    {CKA_HASH_OF_SUBJECT_PUBLIC_KEY, K_BYTES, F_DEFAULT, 0},
    {CKA_HASH_OF_ISSUER_PUBLIC_KEY, K_BYTES, F_DEFAULT, 0},
    R_END,
};

static const rule data_rules[] = {
    {CKA_APPLICATION, K_BYTES, F_DEFAULT | F_MOD, 0},
    {CKA_OBJECT_ID, K_BYTES, F_DEFAULT, 0},
    {CKA_VALUE, K_BYTES, F_DEFAULT | F_MOD, 0},
    R_END,
};

static const rule *rule_in(const rule *set, CK_ATTRIBUTE_TYPE t) {
  for (; set->type != (CK_ATTRIBUTE_TYPE)-1; set++)
    if (set->type == t) return set;
  return NULL;
}

static const rule *rule_for(CK_OBJECT_CLASS cls, CK_ATTRIBUTE_TYPE t) {
  const rule *r = rule_in(common_rules, t);
  if (r) return r;
  switch (cls) {
    case CKO_PUBLIC_KEY:
      if ((r = rule_in(public_rules, t))) return r;
      return (r = rule_in(pair_rules, t)) ? r : rule_in(key_rules, t);
    case CKO_PRIVATE_KEY:
      if ((r = rule_in(private_rules, t))) return r;
      return (r = rule_in(pair_rules, t)) ? r : rule_in(key_rules, t);
    case CKO_SECRET_KEY:
      return (r = rule_in(secret_rules, t)) ? r : rule_in(key_rules, t);
    case CKO_CERTIFICATE:
      return rule_in(cert_rules, t);
    case CKO_DATA:
      return rule_in(data_rules, t);
    default:
      return NULL;
  }
}

static CK_RV check_kind(const rule *r, const CK_ATTRIBUTE *a) {
  if (a->ulValueLen && !a->pValue) return CKR_ATTRIBUTE_VALUE_INVALID;
  if (r->kind == K_BOOL && a->ulValueLen != sizeof(CK_BBOOL)) return CKR_ATTRIBUTE_VALUE_INVALID;
  if (r->kind == K_ULONG && a->ulValueLen != sizeof(CK_ULONG)) return CKR_ATTRIBUTE_VALUE_INVALID;
  return CKR_OK;
}

static CK_RV apply_defaults(st_object *o, const rule *set) {
  static const unsigned char none = 0;
  for (; set->type != (CK_ATTRIBUTE_TYPE)-1; set++) {
    if (!(set->flags & F_DEFAULT) || st_obj_find(o, set->type)) continue;
    CK_RV rv = set->kind == K_BOOL    ? st_obj_set_bool(o, set->type, (CK_BBOOL)set->dflt)
               : set->kind == K_ULONG ? st_obj_set_ulong(o, set->type, set->dflt)
                                      : st_obj_set(o, set->type, &none, 0);
    if (rv != CKR_OK) return rv;
  }
  return CKR_OK;
}

static CK_RV check_required(const st_object *o, const rule *set, st_origin origin) {
  for (; set->type != (CK_ATTRIBUTE_TYPE)-1; set++) {
    int need = (set->flags & F_REQ) || ((set->flags & F_CREATE) && origin == ST_ORIGIN_CREATE);
    if (need && !st_obj_find(o, set->type)) return CKR_TEMPLATE_INCOMPLETE;
  }
  return CKR_OK;
}

/* GOST keys: the paramset decides the size, and the key type and values must agree with it. */
static CK_RV check_gost_key(st_object *o, CK_OBJECT_CLASS cls, st_origin origin) {
  CK_KEY_TYPE kt = st_obj_ulong(o, CKA_KEY_TYPE, (CK_ULONG)-1);
  if (kt != CKK_GOSTR3410 && kt != CKK_GOSTR3410_512) return CKR_ATTRIBUTE_VALUE_INVALID;
  unsigned bits = kt == CKK_GOSTR3410 ? 256 : 512;
  const st_attr *p = st_obj_find(o, CKA_GOSTR3410_PARAMS);
  const st_paramset *ps = st_paramset_by_der(p->val, p->len);
  if (!ps || ps->bits != bits) return CKR_ATTRIBUTE_VALUE_INVALID;
  size_t dlen;
  const unsigned char *dig = st_digest_oid_der(bits, &dlen);
  const st_attr *h = st_obj_find(o, CKA_GOSTR3411_PARAMS);
  if (h && (h->len != dlen || memcmp(h->val, dig, dlen) != 0)) return CKR_ATTRIBUTE_VALUE_INVALID;
  if (!h) {
    CK_RV rv = st_obj_set(o, CKA_GOSTR3411_PARAMS, dig, dlen);
    if (rv != CKR_OK) return rv;
  }
  if (origin == ST_ORIGIN_GENERATE) return CKR_OK;
  const st_attr *v = st_obj_find(o, CKA_VALUE);
  if (cls == CKO_PRIVATE_KEY) {
    unsigned char pub[128];
    if (v->len != bits / 8) return CKR_ATTRIBUTE_VALUE_INVALID;
    return st_gost_public_from_private(ps, v->val, pub) == CKR_OK ? CKR_OK
                                                                   : CKR_ATTRIBUTE_VALUE_INVALID;
  }
  if (v->len != bits / 4) return CKR_ATTRIBUTE_VALUE_INVALID;
  return st_gost_check_public(ps, v->val) == CKR_OK ? CKR_OK : CKR_ATTRIBUTE_VALUE_INVALID;
}

CK_RV st_tmpl_build(const CK_ATTRIBUTE *tmpl, CK_ULONG n, CK_OBJECT_CLASS forced_class,
                    CK_KEY_TYPE forced_key_type, st_origin origin, st_object *o) {
  CK_OBJECT_CLASS cls = forced_class;
  const CK_ATTRIBUTE *ca = st_tmpl_find(tmpl, n, CKA_CLASS);
  if (ca) {
    CK_OBJECT_CLASS given;
    if (ca->ulValueLen != sizeof given || !ca->pValue) return CKR_ATTRIBUTE_VALUE_INVALID;
    memcpy(&given, ca->pValue, sizeof given);
    if (origin != ST_ORIGIN_CREATE && given != forced_class) return CKR_TEMPLATE_INCONSISTENT;
    cls = given;
  } else if (origin == ST_ORIGIN_CREATE) {
    return CKR_TEMPLATE_INCOMPLETE;
  }
  /* Like a signature token, the fixture makes secret keys only by derivation, never by import. */
  if (cls != CKO_DATA && cls != CKO_CERTIFICATE && cls != CKO_PUBLIC_KEY &&
      cls != CKO_PRIVATE_KEY && !(cls == CKO_SECRET_KEY && origin == ST_ORIGIN_DERIVE))
    return CKR_ATTRIBUTE_VALUE_INVALID;
  int is_pair = cls == CKO_PUBLIC_KEY || cls == CKO_PRIVATE_KEY;
  int is_key = is_pair || cls == CKO_SECRET_KEY;

  for (CK_ULONG i = 0; i < n; i++) {
    const rule *r = rule_for(cls, tmpl[i].type);
    if (!r) return CKR_ATTRIBUTE_TYPE_INVALID;
    if (r->flags & F_RO) return CKR_ATTRIBUTE_READ_ONLY;
    if ((r->flags & F_CREATE) && origin != ST_ORIGIN_CREATE) return CKR_TEMPLATE_INCONSISTENT;
    CK_RV rv = check_kind(r, &tmpl[i]);
    if (rv == CKR_OK) rv = st_obj_set(o, tmpl[i].type, tmpl[i].pValue, tmpl[i].ulValueLen);
    if (rv != CKR_OK) return rv;
  }
  if (origin != ST_ORIGIN_CREATE) {
    CK_KEY_TYPE kt = st_obj_ulong(o, CKA_KEY_TYPE, forced_key_type);
    if (kt != forced_key_type) return CKR_TEMPLATE_INCONSISTENT;
    CK_RV rv = st_obj_set_ulong(o, CKA_KEY_TYPE, kt);
    if (rv != CKR_OK) return rv;
  }
  CK_RV rv = st_obj_set_ulong(o, CKA_CLASS, cls);
  if (rv == CKR_OK && !st_obj_find(o, CKA_PRIVATE))
    rv = st_obj_set_bool(o, CKA_PRIVATE,
                         cls == CKO_PRIVATE_KEY || cls == CKO_SECRET_KEY ? CK_TRUE : CK_FALSE);
  if (rv == CKR_OK) rv = apply_defaults(o, common_rules);
  if (rv != CKR_OK) return rv;

  const rule *own = cls == CKO_PUBLIC_KEY    ? public_rules
                    : cls == CKO_PRIVATE_KEY ? private_rules
                    : cls == CKO_SECRET_KEY  ? secret_rules
                    : cls == CKO_CERTIFICATE ? cert_rules
                                             : data_rules;
  if ((rv = apply_defaults(o, own)) != CKR_OK) return rv;
  if ((rv = check_required(o, own, origin)) != CKR_OK) return rv;
  if (is_key) {
    if ((rv = apply_defaults(o, key_rules)) != CKR_OK) return rv;
    if ((rv = check_required(o, key_rules, origin)) != CKR_OK) return rv;
    int local = origin == ST_ORIGIN_GENERATE;
    if ((rv = st_obj_set_bool(o, CKA_LOCAL, (CK_BBOOL)local)) != CKR_OK) return rv;
    if (!local) rv = st_obj_set_ulong(o, CKA_KEY_GEN_MECHANISM, CK_UNAVAILABLE_INFORMATION);
    if (rv != CKR_OK) return rv;
  }
  if (is_pair) {
    if ((rv = apply_defaults(o, pair_rules)) != CKR_OK) return rv;
    if ((rv = check_required(o, pair_rules, origin)) != CKR_OK) return rv;
    if ((rv = check_gost_key(o, cls, origin)) != CKR_OK) return rv;
  }
  if (cls == CKO_PRIVATE_KEY) {
    /* This fixture behaves like a hardware token: private keys never leave it. */
    if (!st_obj_bool(o, CKA_SENSITIVE) || st_obj_bool(o, CKA_EXTRACTABLE))
      return CKR_ATTRIBUTE_VALUE_INVALID;
    int local = origin == ST_ORIGIN_GENERATE;
    if ((rv = st_obj_set_bool(o, CKA_ALWAYS_SENSITIVE, (CK_BBOOL)local)) != CKR_OK) return rv;
    if ((rv = st_obj_set_bool(o, CKA_NEVER_EXTRACTABLE, (CK_BBOOL)local)) != CKR_OK) return rv;
  }
  if (cls == CKO_CERTIFICATE && st_obj_ulong(o, CKA_CERTIFICATE_TYPE, (CK_ULONG)-1) != CKC_X_509)
    return CKR_ATTRIBUTE_VALUE_INVALID;
  return CKR_OK;
}

CK_RV st_tmpl_check_set(const st_object *o, const CK_ATTRIBUTE *tmpl, CK_ULONG n) {
  CK_OBJECT_CLASS cls = st_obj_ulong(o, CKA_CLASS, (CK_ULONG)-1);
  if (!st_obj_bool(o, CKA_MODIFIABLE)) return CKR_ACTION_PROHIBITED;
  for (CK_ULONG i = 0; i < n; i++) {
    const rule *r = rule_for(cls, tmpl[i].type);
    if (!r) return CKR_ATTRIBUTE_TYPE_INVALID;
    CK_RV rv = check_kind(r, &tmpl[i]);
    if (rv != CKR_OK) return rv;
    if (r->flags & F_MOD) continue;
    /* Re-asserting the current value (e.g. SENSITIVE=TRUE) is harmless; anything else is not. */
    const st_attr *cur = st_obj_find(o, tmpl[i].type);
    if (!cur || cur->len != tmpl[i].ulValueLen ||
        (cur->len && memcmp(cur->val, tmpl[i].pValue, cur->len) != 0) || (r->flags & F_SECRET))
      return CKR_ATTRIBUTE_READ_ONLY;
  }
  return CKR_OK;
}

int st_attr_is_sensitive(const st_object *o, CK_ATTRIBUTE_TYPE t) {
  CK_OBJECT_CLASS cls = st_obj_ulong(o, CKA_CLASS, (CK_ULONG)-1);
  if (cls == CKO_SECRET_KEY && t == CKA_VALUE)
    return st_obj_bool(o, CKA_SENSITIVE) || !st_obj_bool(o, CKA_EXTRACTABLE);
  const rule *r = rule_for(cls, t);
  return r && (r->flags & F_SECRET);
}
