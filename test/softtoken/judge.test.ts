/**
 * Independent judge: OpenSSL with the GOST engine must accept every signature the soft token makes,
 * and the token must accept OpenSSL's, for every parameter set, in real-token byte order.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BY_SIZE, CKA_GOSTR3410_PARAMS, PARAM_SETS, paramSet, type ParamSet } from "./gost.ts";
import { oid } from "./der.ts";
import { pem, spkiFromTokenValue } from "./spki.ts";
import { openssl, type OpenSsl } from "./provision/openssl.ts";
import { opensslKeyMaterial } from "./provision/openssl-key.ts";
import { digest, generateKeyPair, importKeyPair, sign } from "./provision/token.ts";
import { expectCkr, tokenFixture, type TokenFixture } from "./support.ts";

let t: TokenFixture;
let ossl: OpenSsl;
let work: string;

beforeAll(() => {
  t = tokenFixture({ capacity: 1 << 20 });
  work = mkdtempSync(join(tmpdir(), "kep-judge-"));
  ossl = openssl(work);
});

afterAll(() => {
  t.dispose();
  rmSync(work, { recursive: true, force: true });
});

function file(name: string, data: Uint8Array | string): string {
  writeFileSync(join(work, name), data);
  return name;
}

function opensslDigest(bits: 256 | 512, data: Buffer): Buffer {
  return ossl.run(["dgst", `-${BY_SIZE[bits].opensslDigest}`, "-binary"], data);
}

/** OpenSSL's key pair: PEM private key, raw public value (SPKI OCTET STRING content), LE scalar. */
function opensslKey(ps: ParamSet, name: string): { key: string; value: Buffer; scalar: Buffer } {
  const key = `${name}.key`;
  ossl.run(["genpkey", "-algorithm", `gost2012_${ps.bits}`, "-pkeyopt", `paramset:${ps.openssl}`, "-out", key]);
  return { key, ...opensslKeyMaterial(ossl, key, ps) };
}

describe.each(PARAM_SETS.map((ps) => [ps.name, ps] as const))("%s", (name, ps) => {
  const size = BY_SIZE[ps.bits];

  it("token signatures verify with openssl (raw over a digest, and with hash over data)", () => {
    const pair = generateKeyPair(t.p, t.session, ps, { label: name });
    const [params] = t.p.C_GetAttributeValue(t.session, pair.publicKey, [{ type: CKA_GOSTR3410_PARAMS }]);
    expect(params?.value).toEqual(oid(ps.oid));
    const pub = file(`${name}.pub.pem`, pem("PUBLIC KEY", spkiFromTokenValue(pair.value, ps)));
    const data = randomBytes(1000);
    const dgst = opensslDigest(ps.bits, data);

    const raw = sign(t.p, t.session, pair.privateKey, size.rawSign, dgst);
    expect(raw.length).toBe(ps.bits / 4);
    file("d.bin", dgst);
    file("raw.sig", raw);
    ossl.run(["pkeyutl", "-verify", "-pubin", "-inkey", pub, "-in", "d.bin", "-sigfile", "raw.sig"]);

    const withHash = sign(t.p, t.session, pair.privateKey, size.hashSign, data);
    file("data.bin", data);
    file("hash.sig", withHash);
    ossl.run(["dgst", `-${size.opensslDigest}`, "-verify", pub, "-signature", "hash.sig", "data.bin"]);
    // A flipped byte must not verify: proves openssl really checked the signature.
    const bad = Buffer.from(withHash);
    bad[5] = (bad[5] ?? 0) ^ 1;
    file("bad.sig", bad);
    expect(() => ossl.run(["dgst", `-${size.opensslDigest}`, "-verify", pub, "-signature", "bad.sig", "data.bin"])).toThrow();
  });

  it("openssl signatures verify on the token; an imported openssl key signs for openssl", () => {
    const k = opensslKey(ps, name);
    const data = randomBytes(333);
    file("data.bin", data);
    const dgst = opensslDigest(ps.bits, data);
    file("d.bin", dgst);
    const hashSig = ossl.run(["dgst", `-${size.opensslDigest}`, "-sign", k.key, "-binary", "data.bin"]);
    const rawSig = ossl.run(["pkeyutl", "-sign", "-inkey", k.key, "-in", "d.bin"]);

    const id = randomBytes(8);
    const pair = importKeyPair(t.p, t.session, ps, k.scalar, k.value, { id, label: `${name}-import` });
    t.p.C_VerifyInit(t.session, { mechanism: size.hashSign }, pair.publicKey);
    expect(t.p.C_Verify(t.session, data, hashSig)).toBe(true);
    t.p.C_VerifyInit(t.session, { mechanism: size.rawSign }, pair.publicKey);
    expect(t.p.C_Verify(t.session, dgst, rawSig)).toBe(true);
    t.p.C_VerifyInit(t.session, { mechanism: size.hashSign }, pair.publicKey);
    expectCkr(() => t.p.C_Verify(t.session, Buffer.concat([data, Buffer.from("x")]), hashSig), "CKR_SIGNATURE_INVALID");

    const tokenSig = sign(t.p, t.session, pair.privateKey, size.hashSign, data);
    file("tok.sig", tokenSig);
    const pub = file(`${name}.ossl.pub`, ossl.run(["pkey", "-in", k.key, "-pubout"]));
    ossl.run(["dgst", `-${size.opensslDigest}`, "-verify", pub, "-signature", "tok.sig", "data.bin"]);
  });
});

describe("Streebog digests", () => {
  // GOST R 34.11-2012 / RFC 6986 examples. Tokens return OpenSSL's byte order, which is the
  // standard's printed value reversed (docs/gost-pkcs11.md#byte-order).
  const M1 = Buffer.from("012345678901234567890123456789012345678901234567890123456789012", "ascii");
  const M2 = Buffer.from(
    "d1e520e2e5f2f0e82c20d1f2f0e8e1eee6e820e2edf3f6e82c20e2e5fef2fa20f120eceef0ff20f1f2f0e5ebe0ece820ede020f5f0e0e1f0fbff20efebfaeafb20c8e3eef0e5e2fb",
    "hex",
  );
  const vectors = [
    [M1, 256, "00557be5e584fd52a449b16b0251d05d27f94ab76cbaa6da890b59d8ef1e159d"],
    [M1, 512, "486f64c1917879417fef082b3381a4e211c324f074654c38823a7b76f830ad00fa1fbae42b1285c0352f227524bc9ab16254288dd6863dccd5b9f54a1ad0541b"],
    [M2, 256, "508f7e553c06501d749a66fc28c6cac0b005746d97537fa85d9e40904efed29d"],
    [M2, 512, "28fbc9bada033b1460642bdcddb90c3fb3e56c497ccd0f62b8a2ad4935e85f037613966de4ee00531ae60f3b5a47f8dae06915d5f2f194996fcabf2622e6881e"],
  ] as const;

  it.each(vectors.map(([m, bits, hex], i) => [i, m, bits, hex] as const))("standard vector %i (%i-bit)", (_i, m, bits, standardHex) => {
    const out = digest(t.p, t.session, bits === 256 ? 256 : 512, m);
    expect(Buffer.from(out).reverse().toString("hex")).toBe(standardHex);
    expect(out).toEqual(opensslDigest(bits === 256 ? 256 : 512, m));
  });

  it.each([256, 512] as const)("%i-bit equals openssl dgst, one-part and multi-part", (bits) => {
    const data = randomBytes(100_000);
    const whole = digest(t.p, t.session, bits, data);
    expect(whole).toEqual(opensslDigest(bits, data));
    t.p.C_DigestInit(t.session, { mechanism: BY_SIZE[bits].digest });
    for (let off = 0; off < data.length; off += 7777) t.p.C_DigestUpdate(t.session, data.subarray(off, off + 7777));
    expect(t.p.C_DigestFinal(t.session, Buffer.alloc(64))).toEqual(whole);
  });

  it("accepts the Rutoken-style OID parameter and rejects a mismatched one", () => {
    t.p.C_DigestInit(t.session, { mechanism: BY_SIZE[256].digest, parameter: oid(BY_SIZE[256].digestOid) });
    expect(t.p.C_Digest(t.session, M1, Buffer.alloc(32)).toString("hex")).toBe("9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500");
    expectCkr(() => t.p.C_DigestInit(t.session, { mechanism: BY_SIZE[256].digest, parameter: oid(BY_SIZE[512].digestOid) }), "CKR_MECHANISM_PARAM_INVALID");
  });
});

it("multi-part with-hash signing verifies with openssl", () => {
  const ps = paramSet("CryptoPro-XchA");
  const pair = generateKeyPair(t.p, t.session, ps);
  const data = randomBytes(50_000);
  t.p.C_SignInit(t.session, { mechanism: BY_SIZE[256].hashSign }, pair.privateKey);
  for (let off = 0; off < data.length; off += 4096) t.p.C_SignUpdate(t.session, data.subarray(off, off + 4096));
  const sig = t.p.C_SignFinal(t.session, Buffer.alloc(64));
  writeFileSync(join(work, "mp.bin"), data);
  writeFileSync(join(work, "mp.sig"), sig);
  writeFileSync(join(work, "mp.pem"), pem("PUBLIC KEY", spkiFromTokenValue(pair.value, ps)));
  ossl.run(["dgst", "-md_gost12_256", "-verify", "mp.pem", "-signature", "mp.sig", "mp.bin"]);
});
