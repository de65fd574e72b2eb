/* Every mechanism the fixture offers. CKF_HW is set on purpose: the fixture stands in for a
 * hardware token, and pkcs11-tool hides software-only mechanisms unless --allow-sw is given. */
#include "st.h"

const st_mech st_mechs[] = {
    {CKM_GOSTR3410_KEY_PAIR_GEN, ST_MECH_KEYGEN, 256, CKF_HW | CKF_GENERATE_KEY_PAIR},
    {CKM_GOSTR3410_512_KEY_PAIR_GEN, ST_MECH_KEYGEN, 512, CKF_HW | CKF_GENERATE_KEY_PAIR},
    {CKM_GOSTR3410, ST_MECH_RAW, 256, CKF_HW | CKF_SIGN | CKF_VERIFY},
    {CKM_GOSTR3410_512, ST_MECH_RAW, 512, CKF_HW | CKF_SIGN | CKF_VERIFY},
    {CKM_GOSTR3410_WITH_GOSTR3411_12_256, ST_MECH_HASH_SIGN, 256, CKF_HW | CKF_SIGN | CKF_VERIFY},
    {CKM_GOSTR3410_WITH_GOSTR3411_12_512, ST_MECH_HASH_SIGN, 512, CKF_HW | CKF_SIGN | CKF_VERIFY},
    /* bits 0: VKO works with 256- and 512-bit keys alike. */
    {CKM_GOSTR3410_12_DERIVE, ST_MECH_DERIVE, 0, CKF_HW | CKF_DERIVE},
    {CKM_GOSTR3411_12_256, ST_MECH_DIGEST, 256, CKF_HW | CKF_DIGEST},
    {CKM_GOSTR3411_12_512, ST_MECH_DIGEST, 512, CKF_HW | CKF_DIGEST},
};
const size_t st_nmechs = sizeof st_mechs / sizeof st_mechs[0];

const st_mech *st_mech_find(CK_MECHANISM_TYPE t) {
  for (size_t i = 0; i < st_nmechs; i++)
    if (st_mechs[i].type == t) return &st_mechs[i];
  return NULL;
}

CK_KEY_TYPE st_key_type_for_bits(unsigned bits) {
  return bits == 256 ? CKK_GOSTR3410 : CKK_GOSTR3410_512;
}
