/**
 * CKM_GOSTR3410_12_DERIVE (VKO GOST R 34.10-2012, 8-byte UKM, kdf CKD_NULL or CKD_CPDIVERSIFY_KDF)
 * as Rutoken offers it, judged by the standard's test vectors and by `openssl pkeyutl -derive`
 * with the GOST engine.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pkcs11js from "pkcs11js";
import type * as P from "pkcs11js";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cryptoProKeyDiversify } from "../../native-host/src/tls/crypto/key-wrap.ts";
import { GOST89_SBOXES } from "../../native-host/src/tls/crypto/gost89-sboxes.ts";
import { oid } from "./der.ts";
import { BY_SIZE, CKA_GOSTR3410_PARAMS, CKA_GOSTR3411_PARAMS, CKM, PARAM_SETS, paramSet, type ParamSet } from "./gost.ts";
import { opensslKeyMaterial } from "./provision/openssl-key.ts";
import { openssl, type OpenSsl } from "./provision/openssl.ts";
import { generateKeyPair, readValue } from "./provision/token.ts";
import { pem, spkiFromTokenValue } from "./spki.ts";
import { expectCkr, tokenFixture, type TokenFixture } from "./support.ts";

const CKD_NULL = 1;
const CKD_SHA1_KDF = 2;
const CKD_CPDIVERSIFY_KDF = 9;

let t: TokenFixture;
let ossl: OpenSsl;
let work: string;

beforeAll(() => {
  t = tokenFixture({ capacity: 1 << 20 });
  work = mkdtempSync(join(tmpdir(), "kep-derive-"));
  ossl = openssl(work);
});

afterAll(() => {
  t.dispose();
  rmSync(work, { recursive: true, force: true });
});

const readable: P.Template = [
  { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
  { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_GOST28147 },
  { type: pkcs11js.CKA_TOKEN, value: false },
  { type: pkcs11js.CKA_SENSITIVE, value: false },
  { type: pkcs11js.CKA_EXTRACTABLE, value: true },
];

function mechanism(publicData: Buffer, ukm: Buffer | undefined, kdf = CKD_NULL): P.Mechanism {
  const parameter: P.GostR3410DeriveParams = { type: pkcs11js.CK_PARAM_GOSTR3410_DERIVE, kdf, publicData, ...(ukm ? { ukm } : {}) };
  return { mechanism: CKM.GOSTR3410_12_DERIVE, parameter };
}

function derive(key: P.Handle, publicData: Buffer, ukm: Buffer, template: P.Template = readable, kdf = CKD_NULL): P.Handle {
  return t.p.C_DeriveKey(t.session, mechanism(publicData, ukm, kdf), key, template);
}

/** A private key with CKA_DERIVE from its little-endian scalar, as a session object. */
function importDeriveKey(ps: ParamSet, scalar: Buffer, canDerive = true): P.Handle {
  return t.p.C_CreateObject(t.session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
    { type: pkcs11js.CKA_KEY_TYPE, value: BY_SIZE[ps.bits].keyType },
    { type: CKA_GOSTR3410_PARAMS, value: oid(ps.oid) },
    { type: CKA_GOSTR3411_PARAMS, value: oid(BY_SIZE[ps.bits].digestOid) },
    { type: pkcs11js.CKA_DERIVE, value: canDerive },
    { type: pkcs11js.CKA_VALUE, value: scalar },
  ]);
}

function generateDeriveKey(ps: ParamSet): { privateKey: P.Handle; value: Buffer } {
  const pair = generateKeyPair(t.p, t.session, ps);
  t.p.C_SetAttributeValue(t.session, pair.privateKey, [{ type: pkcs11js.CKA_DERIVE, value: true }]);
  return pair;
}

describe("R 50.1.113-2016 / RFC 7836 test vectors (TC26-512-A keys, UKM 1d80603c8544c727)", () => {
  // Section A.9 of R 50.1.113-2016, in gost-engine's byte order (test_derive.c): scalars and
  // points little-endian, the UKM as the bytes gost-engine reads little-endian.
  const ukm = Buffer.from("1d80603c8544c727", "hex");
  const aPriv = Buffer.from(
    "c990ecd972fce84ec4db022778f50fcac726f46708384b8d458304962d7147f8c2db41cef22c90b102f2968404f9b9be6d47c79692d81826b32b8daca43cb667",
    "hex",
  );
  const aPub = Buffer.from(
    "aab0eda4abff21208d18799fb9a8556654ba783070eba10cb9abb253ec56dcf5d3ccba6192e464e6e5bcb6dea137792f2431f6c897eb1b3c0cc14327b1adc0a7914613a3074e363aedb204d38d3563971bd8758e878c9db11403721b48002d38461f92472d40ea92f9958c0ffa4c93756401b97f89fdbe0b5e46e4a4631cdb5a",
    "hex",
  );
  const bPriv = Buffer.from(
    "48c859f7b6f11585887cc05ec6ef1390cfea739b1a18c0d4662293ef63b79e3b8014070b44918590b4b996acfea4edfbbbcccc8c06edd8bf5bda92a51392d0db",
    "hex",
  );
  const bPub = Buffer.from(
    "192fe183b9713a077253c72c8735de2ea42a3dbc66ea317838b65fa32523cd5efca974eda7c863f4954d1147f1f2b25c395fce1c129175e876d132e94ed5a65104883b414c9b592ec4dc84826f07d0b6d9006dda176ce48c391e3f97d102e03bb598bf132a228a45f7201aba08fc524a2d77e43a362ab022ad4028f75bde3b79",
    "hex",
  );
  // VKO_GOSTR3410_2012_256: the 32-byte KEK both sides must reach.
  const kek = "c9a9a77320e2cc559ed72dce6f47e2192ccea95fa648670582c054c0ef36c221";
  const ps = paramSet("TC26-512-A");

  it("party A's key with B's public value, and B's with A's, both give the KEK", () => {
    const a = importDeriveKey(ps, aPriv);
    const b = importDeriveKey(ps, bPriv);
    expect(readValue(t.p, t.session, derive(a, bPub, ukm)).toString("hex")).toBe(kek);
    expect(readValue(t.p, t.session, derive(b, aPub, ukm)).toString("hex")).toBe(kek);
    // One UKM bit changes everything: the UKM really enters the computation.
    const other = Buffer.from(ukm);
    other[0]! ^= 1;
    expect(readValue(t.p, t.session, derive(a, bPub, other)).toString("hex")).not.toBe(kek);
  });
});

describe.each(PARAM_SETS.map((ps) => [ps.name, ps] as const))("%s: token and openssl agree", (name, ps) => {
  it("token VKO(own key, openssl public) equals openssl VKO(openssl key, token public)", () => {
    const mine = generateDeriveKey(ps);
    const keyFile = `${name}.peer.key`;
    ossl.run(["genpkey", "-algorithm", `gost2012_${ps.bits}`, "-pkeyopt", `paramset:${ps.openssl}`, "-out", keyFile]);
    const peer = opensslKeyMaterial(ossl, keyFile, ps);
    writeFileSync(join(work, `${name}.token.pub`), pem("PUBLIC KEY", spkiFromTokenValue(mine.value, ps)));
    const ukm = randomBytes(8);
    const fromOpenssl = ossl.run(["pkeyutl", "-derive", "-inkey", keyFile, "-peerkey", `${name}.token.pub`, "-pkeyopt", `ukmhex:${ukm.toString("hex")}`]);
    expect(fromOpenssl.length).toBe(32);
    expect(readValue(t.p, t.session, derive(mine.privateKey, peer.value, ukm))).toEqual(fromOpenssl);
  });
});

it.each(["CryptoPro-XchA", "TC26-512-B"])("CKD_CPDIVERSIFY_KDF (%s): the VKO key diversified as RFC 4357 §6.5 says", (name) => {
  // Judged by the host's own TypeScript diversification (tested against the RFC's key wrap).
  const ps = paramSet(name);
  const mine = generateDeriveKey(ps);
  const peer = generateKeyPair(t.p, t.session, ps).value;
  const ukm = randomBytes(8);
  const plain = readValue(t.p, t.session, derive(mine.privateKey, peer, ukm));
  const diversified = readValue(t.p, t.session, derive(mine.privateKey, peer, ukm, readable, CKD_CPDIVERSIFY_KDF));
  expect(diversified).not.toEqual(plain);
  expect(Buffer.from(cryptoProKeyDiversify(plain, ukm, GOST89_SBOXES["cryptopro-a"]))).toEqual(diversified);
});

describe("the derived key", () => {
  const ps = paramSet("CryptoPro-XchA");
  const ukm = Buffer.from("0102030405060708", "hex");

  it("is a 32-byte GOST 28147 session key that keeps its value secret unless asked otherwise", () => {
    const mine = generateDeriveKey(ps);
    const peer = generateKeyPair(t.p, t.session, ps).value;
    const key = derive(mine.privateKey, peer, ukm, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
      { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_GOST28147 },
    ]);
    const attrs = t.p.C_GetAttributeValue(t.session, key, [
      { type: pkcs11js.CKA_CLASS },
      { type: pkcs11js.CKA_KEY_TYPE },
      { type: pkcs11js.CKA_VALUE_LEN },
      { type: pkcs11js.CKA_TOKEN },
      { type: pkcs11js.CKA_SENSITIVE },
      { type: pkcs11js.CKA_EXTRACTABLE },
      { type: pkcs11js.CKA_LOCAL },
      { type: pkcs11js.CKA_ALWAYS_SENSITIVE },
      { type: pkcs11js.CKA_NEVER_EXTRACTABLE },
    ]);
    const ulong = (i: number) => (attrs[i]?.value as Buffer).readBigUInt64LE(0);
    const bool = (i: number) => (attrs[i]?.value as Buffer)[0];
    expect([ulong(0), ulong(1), ulong(2)]).toEqual([BigInt(pkcs11js.CKO_SECRET_KEY), BigInt(pkcs11js.CKK_GOST28147), 32n]);
    expect([bool(3), bool(4), bool(5), bool(6), bool(7), bool(8)]).toEqual([0, 1, 0, 0, 1, 1]);
    expectCkr(() => readValue(t.p, t.session, key), "CKR_ATTRIBUTE_SENSITIVE");

    const open = derive(mine.privateKey, peer, ukm);
    expect(readValue(t.p, t.session, open)).toHaveLength(32);
    const [always, never] = t.p.C_GetAttributeValue(t.session, open, [{ type: pkcs11js.CKA_ALWAYS_SENSITIVE }, { type: pkcs11js.CKA_NEVER_EXTRACTABLE }]);
    expect([always?.value, never?.value]).toEqual([Buffer.from([0]), Buffer.from([0])]);
    t.p.C_DestroyObject(t.session, open);
    expectCkr(() => readValue(t.p, t.session, open), "CKR_OBJECT_HANDLE_INVALID");
  });

  it("is listed as a hardware derive mechanism for 256- and 512-bit keys", () => {
    expect(t.p.C_GetMechanismList(t.slot)).toContain(CKM.GOSTR3410_12_DERIVE);
    const info = t.p.C_GetMechanismInfo(t.slot, CKM.GOSTR3410_12_DERIVE);
    expect([info.minKeySize, info.maxKeySize]).toEqual([256, 512]);
    expect(info.flags & pkcs11js.CKF_DERIVE).toBe(pkcs11js.CKF_DERIVE);
  });
});

describe("refusals", () => {
  const ps = paramSet("TC26-256-B");
  const ukm = Buffer.from("a1a2a3a4a5a6a7a8", "hex");
  let mine: { privateKey: P.Handle; value: Buffer };
  let peer: Buffer;

  beforeAll(() => {
    mine = generateDeriveKey(ps);
    peer = generateKeyPair(t.p, t.session, ps).value;
  });

  it("a private key without CKA_DERIVE: CKR_KEY_FUNCTION_NOT_PERMITTED", () => {
    const plain = generateKeyPair(t.p, t.session, ps);
    expectCkr(() => derive(plain.privateKey, peer, ukm), "CKR_KEY_FUNCTION_NOT_PERMITTED");
    const imported = importDeriveKey(paramSet("TC26-512-A"), Buffer.alloc(64, 7), false);
    expectCkr(() => derive(imported, Buffer.alloc(128, 1), ukm), "CKR_KEY_FUNCTION_NOT_PERMITTED");
  });

  it("a public key as the base: CKR_KEY_TYPE_INCONSISTENT", () => {
    const pair = generateKeyPair(t.p, t.session, ps);
    t.p.C_SetAttributeValue(t.session, pair.publicKey, [{ type: pkcs11js.CKA_DERIVE, value: true }]);
    expectCkr(() => derive(pair.publicKey, peer, ukm), "CKR_KEY_TYPE_INCONSISTENT");
  });

  it("bad parameters: CKR_MECHANISM_PARAM_INVALID", () => {
    const bad = (m: P.Mechanism) => expectCkr(() => t.p.C_DeriveKey(t.session, m, mine.privateKey, readable), "CKR_MECHANISM_PARAM_INVALID");
    bad(mechanism(peer.subarray(0, 63), ukm));
    bad(mechanism(Buffer.concat([peer, peer]), ukm));
    bad(mechanism(peer, undefined));
    bad(mechanism(peer, Buffer.alloc(8)));
    bad(mechanism(peer, randomBytes(16)));
    bad(mechanism(peer, ukm, CKD_SHA1_KDF));
    const offCurve = Buffer.from(peer);
    offCurve[40]! ^= 1;
    bad(mechanism(offCurve, ukm));
    bad({ mechanism: CKM.GOSTR3410_12_DERIVE });
  });

  it("templates a token cannot honour: CKR_TEMPLATE_INCONSISTENT / CKR_ATTRIBUTE_READ_ONLY", () => {
    const inconsistent: P.Template[] = [
      [{ type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES }],
      [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }],
      [{ type: pkcs11js.CKA_VALUE, value: Buffer.alloc(32) }],
      [{ type: pkcs11js.CKA_VALUE_LEN, value: 64 }],
    ];
    for (const template of inconsistent) expectCkr(() => derive(mine.privateKey, peer, ukm, template), "CKR_TEMPLATE_INCONSISTENT");
    expectCkr(() => derive(mine.privateKey, peer, ukm, [{ type: pkcs11js.CKA_LOCAL, value: true }]), "CKR_ATTRIBUTE_READ_ONLY");
    expect(readValue(t.p, t.session, derive(mine.privateKey, peer, ukm, [...readable, { type: pkcs11js.CKA_VALUE_LEN, value: 32 }]))).toHaveLength(32);
  });

  it("secret keys cannot be imported", () => {
    expectCkr(
      () =>
        t.p.C_CreateObject(t.session, [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
          { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_GOST28147 },
          { type: pkcs11js.CKA_VALUE, value: Buffer.alloc(32, 1) },
        ]),
      "CKR_ATTRIBUTE_VALUE_INVALID",
    );
  });
});
