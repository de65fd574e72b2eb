/* GOST R 34.10-2012 / 34.11-2012 through OpenSSL 3 and the gost engine. The engine is loaded by
 * path, not through openssl.cnf, so the module works inside any host process (node included). */
#include "st.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/engine.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef GOST_ENGINE_PATH
#define GOST_ENGINE_PATH "/usr/lib/x86_64-linux-gnu/engines-3/gost.so"
#endif

/* Every parameter set the fixture supports; `name` is what gost-engine's "paramset" ctrl takes. */
static const st_paramset paramsets[] = {
    {"A", "1.2.643.2.2.35.1", {0x06, 0x07, 0x2a, 0x85, 0x03, 0x02, 0x02, 0x23, 0x01}, 9, 256},
    {"B", "1.2.643.2.2.35.2", {0x06, 0x07, 0x2a, 0x85, 0x03, 0x02, 0x02, 0x23, 0x02}, 9, 256},
    {"C", "1.2.643.2.2.35.3", {0x06, 0x07, 0x2a, 0x85, 0x03, 0x02, 0x02, 0x23, 0x03}, 9, 256},
    {"XA", "1.2.643.2.2.36.0", {0x06, 0x07, 0x2a, 0x85, 0x03, 0x02, 0x02, 0x24, 0x00}, 9, 256},
    {"XB", "1.2.643.2.2.36.1", {0x06, 0x07, 0x2a, 0x85, 0x03, 0x02, 0x02, 0x24, 0x01}, 9, 256},
    {"TCA", "1.2.643.7.1.2.1.1.1", {0x06, 0x09, 0x2a, 0x85, 0x03, 0x07, 0x01, 0x02, 0x01, 0x01, 0x01}, 11, 256},
    {"TCB", "1.2.643.7.1.2.1.1.2", {0x06, 0x09, 0x2a, 0x85, 0x03, 0x07, 0x01, 0x02, 0x01, 0x01, 0x02}, 11, 256},
    {"TCC", "1.2.643.7.1.2.1.1.3", {0x06, 0x09, 0x2a, 0x85, 0x03, 0x07, 0x01, 0x02, 0x01, 0x01, 0x03}, 11, 256},
    {"TCD", "1.2.643.7.1.2.1.1.4", {0x06, 0x09, 0x2a, 0x85, 0x03, 0x07, 0x01, 0x02, 0x01, 0x01, 0x04}, 11, 256},
    {"A", "1.2.643.7.1.2.1.2.1", {0x06, 0x09, 0x2a, 0x85, 0x03, 0x07, 0x01, 0x02, 0x01, 0x02, 0x01}, 11, 512},
    {"B", "1.2.643.7.1.2.1.2.2", {0x06, 0x09, 0x2a, 0x85, 0x03, 0x07, 0x01, 0x02, 0x01, 0x02, 0x02}, 11, 512},
    {"C", "1.2.643.7.1.2.1.2.3", {0x06, 0x09, 0x2a, 0x85, 0x03, 0x07, 0x01, 0x02, 0x01, 0x02, 0x03}, 11, 512},
};

static const unsigned char digest256_der[] = {0x06, 0x08, 0x2a, 0x85, 0x03, 0x07, 0x01, 0x01, 0x02, 0x02};
static const unsigned char digest512_der[] = {0x06, 0x08, 0x2a, 0x85, 0x03, 0x07, 0x01, 0x01, 0x02, 0x03};

static ENGINE *g_engine;

const st_paramset *st_paramset_by_der(const unsigned char *der, size_t len) {
  for (size_t i = 0; i < sizeof paramsets / sizeof paramsets[0]; i++)
    if (paramsets[i].der_len == len && memcmp(paramsets[i].der, der, len) == 0) return &paramsets[i];
  return NULL;
}

const unsigned char *st_digest_oid_der(unsigned bits, size_t *len) {
  *len = sizeof digest256_der;
  return bits == 256 ? digest256_der : digest512_der;
}

CK_RV st_gost_load(void) {
  if (g_engine) return CKR_OK;
  const char *path = getenv("KEP_SOFTTOKEN_GOST_ENGINE");
  if (!path || !*path) path = GOST_ENGINE_PATH;
  ENGINE *e = ENGINE_by_id("dynamic");
  if (!e || !ENGINE_ctrl_cmd_string(e, "SO_PATH", path, 0) ||
      !ENGINE_ctrl_cmd_string(e, "ID", "gost", 0) || !ENGINE_ctrl_cmd_string(e, "LOAD", NULL, 0) ||
      !ENGINE_init(e) || !ENGINE_register_pkey_asn1_meths(e)) {
    fprintf(stderr, "kep-softtoken: cannot load the GOST engine from %s\n", path);
    if (e) ENGINE_free(e);
    return CKR_GENERAL_ERROR;
  }
  /* EVP_PKEY_set_type finds GOST key methods only through this table. */
  g_engine = e;
  /* CKD_CPDIVERSIFY_KDF encrypts with the CryptoPro-A S-box; the engine's default is TC26-Z. */
  if (!ENGINE_ctrl_cmd_string(e, "CRYPT_PARAMS", "1.2.643.2.2.31.1", 0)) {
    fprintf(stderr, "kep-softtoken: the GOST engine refused the CryptoPro-A cipher parameters\n");
    st_gost_unload();
    return CKR_GENERAL_ERROR;
  }
  return CKR_OK;
}

void st_gost_unload(void) {
  if (!g_engine) return;
  ENGINE_unregister_pkey_asn1_meths(g_engine);
  ENGINE_finish(g_engine);
  ENGINE_free(g_engine);
  g_engine = NULL;
}

static int key_nid(const st_paramset *ps) {
  return ps->bits == 256 ? NID_id_GostR3410_2012_256 : NID_id_GostR3410_2012_512;
}

/* A key object carrying only the curve; the engine fills in the group for the paramset. */
static EVP_PKEY *key_with_params(const st_paramset *ps) {
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(key_nid(ps), g_engine);
  EVP_PKEY *pk = NULL;
  if (!ctx || EVP_PKEY_paramgen_init(ctx) <= 0 ||
      EVP_PKEY_CTX_ctrl_str(ctx, "paramset", ps->name) <= 0 || EVP_PKEY_paramgen(ctx, &pk) <= 0)
    pk = NULL;
  EVP_PKEY_CTX_free(ctx);
  return pk;
}

static int point_to_le(const EC_GROUP *g, const EC_POINT *p, size_t half, unsigned char *out) {
  BIGNUM *x = BN_new(), *y = BN_new();
  int ok = x && y && EC_POINT_get_affine_coordinates(g, p, x, y, NULL) &&
           BN_bn2lebinpad(x, out, (int)half) == (int)half &&
           BN_bn2lebinpad(y, out + half, (int)half) == (int)half;
  BN_free(x);
  BN_free(y);
  return ok;
}

/* Loads a private scalar (and its public point, which the engine's verify path expects). */
static EVP_PKEY *private_key(const st_paramset *ps, const unsigned char *priv) {
  EVP_PKEY *pk = key_with_params(ps);
  EC_KEY *ec = pk ? EVP_PKEY_get0(pk) : NULL;
  const EC_GROUP *g = ec ? EC_KEY_get0_group(ec) : NULL;
  BIGNUM *d = g ? BN_lebin2bn(priv, (int)(ps->bits / 8), NULL) : NULL;
  EC_POINT *pub = g ? EC_POINT_new(g) : NULL;
  int ok = d && pub && !BN_is_zero(d) && BN_cmp(d, EC_GROUP_get0_order(g)) < 0 &&
           EC_KEY_set_private_key(ec, d) && EC_POINT_mul(g, pub, d, NULL, NULL, NULL) &&
           EC_KEY_set_public_key(ec, pub);
  BN_clear_free(d);
  EC_POINT_free(pub);
  if (!ok) {
    EVP_PKEY_free(pk);
    return NULL;
  }
  return pk;
}

static EVP_PKEY *public_key(const st_paramset *ps, const unsigned char *pub) {
  size_t half = ps->bits / 8;
  EVP_PKEY *pk = key_with_params(ps);
  EC_KEY *ec = pk ? EVP_PKEY_get0(pk) : NULL;
  const EC_GROUP *g = ec ? EC_KEY_get0_group(ec) : NULL;
  BIGNUM *x = g ? BN_lebin2bn(pub, (int)half, NULL) : NULL;
  BIGNUM *y = g ? BN_lebin2bn(pub + half, (int)half, NULL) : NULL;
  int ok = x && y && EC_KEY_set_public_key_affine_coordinates(ec, x, y);
  BN_free(x);
  BN_free(y);
  if (!ok) {
    EVP_PKEY_free(pk);
    return NULL;
  }
  return pk;
}

CK_RV st_gost_generate(const st_paramset *ps, unsigned char *priv, unsigned char *pub) {
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(key_nid(ps), g_engine);
  EVP_PKEY *pk = NULL;
  int ok = ctx && EVP_PKEY_keygen_init(ctx) > 0 &&
           EVP_PKEY_CTX_ctrl_str(ctx, "paramset", ps->name) > 0 && EVP_PKEY_keygen(ctx, &pk) > 0;
  EC_KEY *ec = ok ? EVP_PKEY_get0(pk) : NULL;
  ok = ec && BN_bn2lebinpad(EC_KEY_get0_private_key(ec), priv, (int)(ps->bits / 8)) > 0 &&
       point_to_le(EC_KEY_get0_group(ec), EC_KEY_get0_public_key(ec), ps->bits / 8, pub);
  EVP_PKEY_free(pk);
  EVP_PKEY_CTX_free(ctx);
  return ok ? CKR_OK : CKR_FUNCTION_FAILED;
}

CK_RV st_gost_public_from_private(const st_paramset *ps, const unsigned char *priv,
                                  unsigned char *pub) {
  EVP_PKEY *pk = private_key(ps, priv);
  EC_KEY *ec = pk ? EVP_PKEY_get0(pk) : NULL;
  int ok = ec && point_to_le(EC_KEY_get0_group(ec), EC_KEY_get0_public_key(ec), ps->bits / 8, pub);
  EVP_PKEY_free(pk);
  return ok ? CKR_OK : CKR_FUNCTION_FAILED;
}

CK_RV st_gost_check_public(const st_paramset *ps, const unsigned char *pub) {
  EVP_PKEY *pk = public_key(ps, pub);
  EVP_PKEY_free(pk);
  return pk ? CKR_OK : CKR_FUNCTION_FAILED;
}

CK_RV st_gost_sign(const st_paramset *ps, const unsigned char *priv, const unsigned char *digest,
                   unsigned char *sig) {
  EVP_PKEY *pk = private_key(ps, priv);
  EVP_PKEY_CTX *ctx = pk ? EVP_PKEY_CTX_new(pk, g_engine) : NULL;
  size_t len = ps->bits / 4;
  int ok = ctx && EVP_PKEY_sign_init(ctx) > 0 &&
           EVP_PKEY_sign(ctx, sig, &len, digest, ps->bits / 8) > 0 && len == ps->bits / 4;
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(pk);
  return ok ? CKR_OK : CKR_FUNCTION_FAILED;
}

CK_RV st_gost_verify(const st_paramset *ps, const unsigned char *pub, const unsigned char *digest,
                     const unsigned char *sig) {
  EVP_PKEY *pk = public_key(ps, pub);
  EVP_PKEY_CTX *ctx = pk ? EVP_PKEY_CTX_new(pk, g_engine) : NULL;
  if (!ctx || EVP_PKEY_verify_init(ctx) <= 0) {
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(pk);
    return CKR_FUNCTION_FAILED;
  }
  int r = EVP_PKEY_verify(ctx, sig, ps->bits / 4, digest, ps->bits / 8);
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(pk);
  return r == 1 ? CKR_OK : CKR_SIGNATURE_INVALID;
}

/* VKO per R 50.1.113-2016 §4.3.1: K = (cofactor * UKM * priv mod q) * peer, where the 8-byte UKM is
 * read little-endian as gost-engine reads it, and the key is Streebog-256 of LE(x)||LE(y) for
 * 256- and 512-bit keys alike (what gost-engine's derive gives for an 8-byte UKM). Computed here
 * rather than through EVP_PKEY_derive, which keeps a reference to the engine and so stops the
 * module from loading it again after C_Finalize. */
CK_RV st_gost_vko(const st_paramset *ps, const unsigned char *priv, const unsigned char *peer,
                  const unsigned char *ukm, unsigned char *out) {
  size_t half = ps->bits / 8;
  EVP_PKEY *mine = private_key(ps, priv);
  EVP_PKEY *theirs = public_key(ps, peer);
  if (!theirs) {
    EVP_PKEY_free(mine);
    return CKR_MECHANISM_PARAM_INVALID;
  }
  const EC_KEY *ec = mine ? EVP_PKEY_get0(mine) : NULL;
  const EC_GROUP *g = ec ? EC_KEY_get0_group(ec) : NULL;
  BN_CTX *bn = BN_CTX_secure_new();
  if (bn) BN_CTX_start(bn);
  BIGNUM *k = bn ? BN_CTX_get(bn) : NULL;
  EC_POINT *shared = g ? EC_POINT_new(g) : NULL;
  unsigned char xy[128];
  st_digest *md = st_digest_new(256);
  int ok = g && k && shared && md && BN_lebin2bn(ukm, ST_VKO_UKM_LEN, k) &&
           BN_mod_mul(k, k, EC_KEY_get0_private_key(ec), EC_GROUP_get0_order(g), bn) &&
           BN_mul(k, k, EC_GROUP_get0_cofactor(g), bn) &&
           EC_POINT_mul(g, shared, NULL, EC_KEY_get0_public_key(EVP_PKEY_get0(theirs)), k, bn) &&
           !EC_POINT_is_at_infinity(g, shared) && point_to_le(g, shared, half, xy) &&
           st_digest_update(md, xy, 2 * half) == CKR_OK && st_digest_final(md, out) == CKR_OK;
  OPENSSL_cleanse(xy, sizeof xy);
  st_digest_free(md);
  EC_POINT_clear_free(shared);
  if (bn) BN_CTX_end(bn);
  BN_CTX_free(bn);
  EVP_PKEY_free(theirs);
  EVP_PKEY_free(mine);
  return ok ? CKR_OK : CKR_FUNCTION_FAILED;
}

/* RFC 4357 §6.5 CryptoPro KEK diversification: eight rounds, each a GOST 28147-89 CFB encryption
 * (CryptoPro-A S-box, made the engine's default at load) of the key under itself, the IV two sums of the
 * key's little-endian 32-bit words, chosen by the bits of one UKM byte. */
CK_RV st_gost_cp_diversify(const unsigned char *kek, const unsigned char *ukm, unsigned char *out) {
  const EVP_CIPHER *cfb = ENGINE_get_cipher(g_engine, NID_id_Gost28147_89);
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
  unsigned char key[ST_VKO_KEY_LEN];
  int ok = cfb && ctx;
  memcpy(key, kek, sizeof key);
  for (int i = 0; ok && i < 8; i++) {
    uint32_t s1 = 0, s2 = 0;
    for (int j = 0; j < 8; j++) {
      uint32_t w = (uint32_t)key[4 * j] | (uint32_t)key[4 * j + 1] << 8 |
                   (uint32_t)key[4 * j + 2] << 16 | (uint32_t)key[4 * j + 3] << 24;
      if ((ukm[i] >> j) & 1) s1 += w;
      else s2 += w;
    }
    unsigned char iv[8];
    for (int b = 0; b < 4; b++) {
      iv[b] = (unsigned char)(s1 >> (8 * b));
      iv[4 + b] = (unsigned char)(s2 >> (8 * b));
    }
    int len = 0;
    ok = EVP_EncryptInit_ex(ctx, cfb, g_engine, key, iv) && EVP_EncryptUpdate(ctx, out, &len, key, sizeof key) &&
         len == (int)sizeof key;
    memcpy(key, out, sizeof key);
  }
  OPENSSL_cleanse(key, sizeof key);
  EVP_CIPHER_CTX_free(ctx);
  return ok ? CKR_OK : CKR_FUNCTION_FAILED;
}

struct st_digest {
  EVP_MD_CTX *ctx;
};

st_digest *st_digest_new(unsigned bits) {
  int nid = bits == 256 ? NID_id_GostR3411_2012_256 : NID_id_GostR3411_2012_512;
  const EVP_MD *md = ENGINE_get_digest(g_engine, nid);
  st_digest *d = calloc(1, sizeof *d);
  if (!d || !md || !(d->ctx = EVP_MD_CTX_new()) || !EVP_DigestInit_ex(d->ctx, md, g_engine)) {
    st_digest_free(d);
    return NULL;
  }
  return d;
}

CK_RV st_digest_update(st_digest *d, const unsigned char *data, size_t len) {
  return EVP_DigestUpdate(d->ctx, data, len) ? CKR_OK : CKR_FUNCTION_FAILED;
}

CK_RV st_digest_final(st_digest *d, unsigned char *out) {
  return EVP_DigestFinal_ex(d->ctx, out, NULL) ? CKR_OK : CKR_FUNCTION_FAILED;
}

void st_digest_free(st_digest *d) {
  if (!d) return;
  EVP_MD_CTX_free(d->ctx);
  free(d);
}

CK_RV st_random(unsigned char *out, size_t len) {
  return RAND_bytes(out, (int)len) == 1 ? CKR_OK : CKR_FUNCTION_FAILED;
}
