/**
 * GOST R 34.10/34.11-2012 constants as real Russian tokens use them (see
 * docs/gost-pkcs11.md#constants and #parameter-sets). pkcs11js only exports the standard ones.
 * Vendor values are written as additions: `0xD4321000 | n` is a negative number in JavaScript.
 */
const TC26 = 0xd4321000;

export const CKK_GOSTR3410 = 0x30;
export const CKK_GOSTR3410_512 = TC26 + 0x003;
export const CKA_GOSTR3410_PARAMS = 0x250;
export const CKA_GOSTR3411_PARAMS = 0x251;

export const CKM = {
  GOSTR3410_KEY_PAIR_GEN: 0x1200,
  GOSTR3410_512_KEY_PAIR_GEN: TC26 + 0x005,
  GOSTR3410: 0x1201,
  GOSTR3410_512: TC26 + 0x006,
  GOSTR3410_12_DERIVE: TC26 + 0x007,
  GOSTR3410_WITH_GOSTR3411_12_256: TC26 + 0x008,
  GOSTR3410_WITH_GOSTR3411_12_512: TC26 + 0x009,
  GOSTR3411_12_256: TC26 + 0x012,
  GOSTR3411_12_512: TC26 + 0x013,
} as const;

export type KeyBits = 256 | 512;

/** Mechanisms and OIDs that depend only on the key size. */
export const BY_SIZE = {
  256: {
    keyType: CKK_GOSTR3410,
    keyGen: CKM.GOSTR3410_KEY_PAIR_GEN,
    rawSign: CKM.GOSTR3410,
    hashSign: CKM.GOSTR3410_WITH_GOSTR3411_12_256,
    digest: CKM.GOSTR3411_12_256,
    keyAlgOid: "1.2.643.7.1.1.1.1",
    sigAlgOid: "1.2.643.7.1.1.3.2",
    digestOid: "1.2.643.7.1.1.2.2",
    opensslDigest: "md_gost12_256",
  },
  512: {
    keyType: CKK_GOSTR3410_512,
    keyGen: CKM.GOSTR3410_512_KEY_PAIR_GEN,
    rawSign: CKM.GOSTR3410_512,
    hashSign: CKM.GOSTR3410_WITH_GOSTR3411_12_512,
    digest: CKM.GOSTR3411_12_512,
    keyAlgOid: "1.2.643.7.1.1.1.2",
    sigAlgOid: "1.2.643.7.1.1.3.3",
    digestOid: "1.2.643.7.1.1.2.3",
    opensslDigest: "md_gost12_512",
  },
} as const;

export interface ParamSet {
  /** Our own unambiguous name. */
  readonly name: string;
  readonly oid: string;
  readonly bits: KeyBits;
  /** gost-engine `-pkeyopt paramset:` value. */
  readonly openssl: string;
  /** OpenSC `--key-type GOSTR3410-2012-<bits>:<letter>`; pkcs11-tool cannot ask for XchA/XchB. */
  readonly pkcs11Tool?: string;
  /** gost-engine writes digestParamSet into the SPKI for these sets (docs/gost-pkcs11.md#public-key). */
  readonly spkiDigestParam: boolean;
}

export const PARAM_SETS: readonly ParamSet[] = [
  { name: "CryptoPro-A", oid: "1.2.643.2.2.35.1", bits: 256, openssl: "A", pkcs11Tool: "B", spkiDigestParam: true },
  { name: "CryptoPro-B", oid: "1.2.643.2.2.35.2", bits: 256, openssl: "B", pkcs11Tool: "C", spkiDigestParam: true },
  { name: "CryptoPro-C", oid: "1.2.643.2.2.35.3", bits: 256, openssl: "C", pkcs11Tool: "D", spkiDigestParam: true },
  { name: "CryptoPro-XchA", oid: "1.2.643.2.2.36.0", bits: 256, openssl: "XA", spkiDigestParam: true },
  { name: "CryptoPro-XchB", oid: "1.2.643.2.2.36.1", bits: 256, openssl: "XB", spkiDigestParam: true },
  { name: "TC26-256-A", oid: "1.2.643.7.1.2.1.1.1", bits: 256, openssl: "TCA", pkcs11Tool: "A", spkiDigestParam: false },
  { name: "TC26-256-B", oid: "1.2.643.7.1.2.1.1.2", bits: 256, openssl: "TCB", spkiDigestParam: false },
  { name: "TC26-256-C", oid: "1.2.643.7.1.2.1.1.3", bits: 256, openssl: "TCC", spkiDigestParam: false },
  { name: "TC26-256-D", oid: "1.2.643.7.1.2.1.1.4", bits: 256, openssl: "TCD", spkiDigestParam: false },
  { name: "TC26-512-A", oid: "1.2.643.7.1.2.1.2.1", bits: 512, openssl: "A", pkcs11Tool: "A", spkiDigestParam: true },
  { name: "TC26-512-B", oid: "1.2.643.7.1.2.1.2.2", bits: 512, openssl: "B", pkcs11Tool: "B", spkiDigestParam: true },
  { name: "TC26-512-C", oid: "1.2.643.7.1.2.1.2.3", bits: 512, openssl: "C", pkcs11Tool: "C", spkiDigestParam: false },
];

export function paramSet(name: string): ParamSet {
  const found = PARAM_SETS.find((p) => p.name === name);
  if (!found) throw new Error(`unknown GOST parameter set ${name}`);
  return found;
}
