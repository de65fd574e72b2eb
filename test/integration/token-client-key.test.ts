/**
 * The production TLS client key over the host's own token code, in this process: keys made by
 * kep-bridge carry CKA_DERIVE, and createTokenClientKey's VKO and signatures, computed on the GOST
 * soft token, are judged by OpenSSL with the GOST engine. SoftHSM2, which has no GOST, is refused
 * clearly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pkcs11js from "pkcs11js";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KepError, type KeyAlgorithmName, type TokenRef } from "../../shared/protocol/index.ts";
import { Logger } from "../../native-host/src/log.ts";
import { createCsr } from "../../native-host/src/operations/create-csr.ts";
import { generateKeyPair } from "../../native-host/src/operations/generate-key-pair.ts";
import { writeCertificate } from "../../native-host/src/operations/write-certificate.ts";
import { readAttributes } from "../../native-host/src/pkcs11/attributes.ts";
import type { Pkcs11Module } from "../../native-host/src/pkcs11/module.ts";
import { findPrivateKey } from "../../native-host/src/pkcs11/private-key.ts";
import { ModuleRegistry } from "../../native-host/src/pkcs11/registry.ts";
import type { TlsClientKey } from "../../native-host/src/tls/client-key.ts";
import { createTokenClientKey } from "../../native-host/src/tls/token-client-key.ts";
import { TokenSessions } from "../../native-host/src/tokens/sessions.ts";
import { createGostCa, type GostCa } from "../fixtures/gost-ca.ts";
import { placeCertificates } from "../fixtures/gost-certificates.ts";
import { createGostToken, type GostToken } from "../fixtures/gost-token.ts";
import { createSoftHsmToken, sampleCertSpecs, type SoftHsmToken } from "../fixtures/softhsm-token.ts";
import { insertToken, removeToken } from "../softtoken/harness.ts";
import { openssl, type OpenSsl } from "../softtoken/provision/openssl.ts";
import { opensslKeyMaterial } from "../softtoken/provision/openssl-key.ts";
import { paramSet } from "../softtoken/gost.ts";

let work: string;
let ossl: OpenSsl;
let log: Logger;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "kep-tls-key-"));
  ossl = openssl(work);
  log = new Logger(join(work, "host.log"));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

async function rejection(promise: Promise<unknown>): Promise<KepError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof KepError)) throw new Error(`expected a KepError, got ${String(error)}`);
  return error;
}

function file(name: string, data: Uint8Array | string): string {
  writeFileSync(join(work, name), data);
  return name;
}

describe("GOST soft token", () => {
  let token: GostToken;
  let ca: GostCa;
  let registry: ModuleRegistry;
  let sessions: TokenSessions;
  let module: Pkcs11Module;
  let ref: TokenRef;
  let legacyThumbprint: string;
  let pinAsked = 0;
  const pin = async () => {
    pinAsked++;
    return token.pin;
  };

  /** A key pair made by kep-bridge with its certificate from the OpenSSL CA, as a reissue makes it. */
  async function placeClientCertificate(algorithm: KeyAlgorithmName): Promise<{ keyId: string; der: Buffer; thumbprint: string }> {
    const { key } = await generateKeyPair(sessions, module, { token: ref, algorithm });
    const csr = await createCsr(sessions, module, { token: ref, keyId: key.id, subject: { commonName: `Клиент TLS ${algorithm}` } });
    const der = ca.issue(csr.pem);
    await writeCertificate(sessions, module, { token: ref, der: der.toString("base64") });
    return { keyId: key.id, der, thumbprint: createHash("sha1").update(der).digest("hex").toUpperCase() };
  }

  beforeAll(async () => {
    // Two tries, so that the first wrong PIN already reports the one left.
    token = createGostToken({ pinTries: 2 });
    ca = createGostCa();
    // A key pair made elsewhere without CKA_DERIVE, as on tokens other software filled.
    const legacy = placeCertificates(token.dir, 0, token.pin, [{ label: "legacy", surname: "Старов", daysLeft: 200, keepKey: true }]);
    legacyThumbprint = legacy.certificates[0]!.thumbprint;
    process.env.KEP_SOFTTOKEN_DIR = token.dir;
    registry = new ModuleRegistry(log, () => [token.module]);
    sessions = new TokenSessions(log);
    module = registry.get(token.module);
    ref = { module: token.module, serial: token.serial };
    await sessions.login(module, ref, token.pin);
  });

  afterAll(async () => {
    await sessions.closeAll();
    await registry.finalizeAll();
    token.cleanup();
  });

  it.each(["gost2012-256", "gost2012-512"] as const)("a %s key kep-bridge generates may derive; its request is still FNS's", async (algorithm) => {
    const { keyId, der } = await placeClientCertificate(algorithm);
    const derive = await sessions.withSession(module, ref, "read", ({ lib, session }) =>
      readAttributes(lib, session, findPrivateKey(lib, session, keyId), [pkcs11js.CKA_DERIVE, pkcs11js.CKA_SENSITIVE, pkcs11js.CKA_EXTRACTABLE]),
    );
    expect(derive.get(pkcs11js.CKA_DERIVE)).toEqual(Buffer.from([1]));
    expect(derive.get(pkcs11js.CKA_SENSITIVE)).toEqual(Buffer.from([1]));
    expect(derive.get(pkcs11js.CKA_EXTRACTABLE)).toEqual(Buffer.from([0]));
    // The CA verified the request's signature and issued from it: the request profile still works.
    expect(der.length).toBeGreaterThan(500);
  });

  describe.each([
    ["gost2012-256", "CryptoPro-XchA", "XA", "md_gost12_256"],
    ["gost2012-512", "TC26-512-A", "A", "md_gost12_512"],
  ] as const)("%s client key", (algorithm, psName, opensslParamSet, digestName) => {
    let placed: { keyId: string; der: Buffer; thumbprint: string };
    let key: TlsClientKey;

    beforeAll(async () => {
      placed = await placeClientCertificate(algorithm);
      // Found on whichever token holds it, as `fetch --cert` without --token does.
      key = await createTokenClientKey({ registry, sessions, thumbprint: placed.thumbprint, pin });
    });

    it("carries the certificate", () => {
      expect(Buffer.from(key.certificate)).toEqual(placed.der);
      expect(key.chain).toEqual([]);
    });

    it("VKO on the token equals openssl's VKO from the server's side", async () => {
      const ps = paramSet(psName);
      const server = `${algorithm}.server.key`;
      ossl.run(["genpkey", "-algorithm", `gost2012_${ps.bits}`, "-pkeyopt", `paramset:${opensslParamSet}`, "-out", server]);
      const serverPublic = opensslKeyMaterial(ossl, server, ps).value;
      file(`${algorithm}.client.der`, placed.der);
      ossl.run(["x509", "-inform", "DER", "-in", `${algorithm}.client.der`, "-pubkey", "-noout", "-out", `${algorithm}.client.pub`]);
      const ukm = randomBytes(8);
      const kek = await key.deriveVko(serverPublic, ukm);
      const expected = ossl.run(["pkeyutl", "-derive", "-inkey", server, "-peerkey", `${algorithm}.client.pub`, "-pkeyopt", `ukmhex:${ukm.toString("hex")}`]);
      expect(Buffer.from(kek)).toEqual(expected);
      expect(kek).toHaveLength(32);
    });

    it("leaves no derived key object on the token", async () => {
      const secrets = await sessions.withSession(module, ref, "count", ({ lib, session }) => {
        lib.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY }]);
        const found = lib.C_FindObjects(session, 10);
        lib.C_FindObjectsFinal(session);
        return found.length;
      });
      expect(secrets).toBe(0);
    });

    it("signs a digest on the token that openssl verifies with the certificate's key", async () => {
      const data = file(`${algorithm}.data`, randomBytes(500));
      const digest = ossl.run(["dgst", `-${digestName}`, "-binary", data]);
      const signature = await key.signDigest(digest);
      file(`${algorithm}.digest`, digest);
      file(`${algorithm}.sig`, signature);
      ossl.run(["x509", "-inform", "DER", "-in", file(`${algorithm}.cert.der`, placed.der), "-pubkey", "-noout", "-out", `${algorithm}.cert.pub`]);
      ossl.run(["pkeyutl", "-verify", "-pubin", "-inkey", `${algorithm}.cert.pub`, "-in", `${algorithm}.digest`, "-sigfile", `${algorithm}.sig`]);
    });

    it("refuses inputs of the wrong size before touching the token", async () => {
      const own = algorithm === "gost2012-256" ? 64 : 128;
      expect((await rejection(key.deriveVko(new Uint8Array(192 - own), randomBytes(8)))).code).toBe("INTERNAL");
      expect((await rejection(key.deriveVko(new Uint8Array(own), randomBytes(16)))).code).toBe("INTERNAL");
      expect((await rejection(key.signDigest(new Uint8Array(20)))).code).toBe("INTERNAL");
    });
  });

  it("a key without CKA_DERIVE: KEY_CANNOT_DERIVE, while it still signs", async () => {
    const key = await createTokenClientKey({ registry, sessions, thumbprint: legacyThumbprint, token: ref, pin });
    const error = await rejection(key.deriveVko(randomBytes(64), randomBytes(8)));
    expect(error.code).toBe("KEY_CANNOT_DERIVE");
    expect(await key.signDigest(randomBytes(32))).toHaveLength(64);
  });

  it("a certificate no token holds: CERT_NOT_FOUND", async () => {
    expect((await rejection(createTokenClientKey({ registry, sessions, thumbprint: "00".repeat(20), pin }))).code).toBe("CERT_NOT_FOUND");
  });

  it("a wrong PIN: PIN_INCORRECT with the tries left, and nothing is logged in", async () => {
    await sessions.logout(module, ref);
    const error = await rejection(createTokenClientKey({ registry, sessions, thumbprint: legacyThumbprint, token: ref, pin: async () => "00000000" }));
    expect(error.code).toBe("PIN_INCORRECT");
    expect(error.details?.triesLeft).toBe(1);
    expect(sessions.isLoggedIn(ref)).toBe(false);
  });

  it("the token removed mid-handshake: TOKEN_REMOVED; reinserted, the PIN is asked again and VKO works", async () => {
    await sessions.login(module, ref, token.pin);
    const { thumbprint } = await placeClientCertificate("gost2012-256");
    const key = await createTokenClientKey({ registry, sessions, thumbprint, token: ref, pin });
    const asked = pinAsked;
    removeToken(token.dir);
    try {
      expect((await rejection(key.deriveVko(randomBytes(64), randomBytes(8)))).code).toBe("TOKEN_REMOVED");
      expect(sessions.isLoggedIn(ref)).toBe(false);
    } finally {
      insertToken(token.dir);
    }
    const ukm = randomBytes(8);
    const server = "again.server.key";
    const ps = paramSet("CryptoPro-XchA");
    ossl.run(["genpkey", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:XA", "-out", server]);
    expect(await key.deriveVko(opensslKeyMaterial(ossl, server, ps).value, ukm)).toHaveLength(32);
    expect(pinAsked).toBe(asked + 1);
  });
});

describe("SoftHSM2 (no GOST)", () => {
  let hsm: SoftHsmToken;
  let registry: ModuleRegistry;

  beforeAll(async () => {
    hsm = await createSoftHsmToken(
      sampleCertSpecs()
        .filter((s) => s.withKey)
        .slice(0, 1),
    );
    process.env.SOFTHSM2_CONF = hsm.env.SOFTHSM2_CONF;
    registry = new ModuleRegistry(log, () => [hsm.module]);
  });

  afterAll(async () => {
    await registry.finalizeAll();
    hsm.cleanup();
  });

  it("an EC certificate cannot be a GOST TLS client key: KEY_CANNOT_DERIVE", async () => {
    const sessions = new TokenSessions(log);
    const cert = hsm.certificates[0]!;
    const error = await rejection(createTokenClientKey({ registry, sessions, thumbprint: cert.thumbprint, pin: async () => "12345678" }));
    expect(error.code).toBe("KEY_CANNOT_DERIVE");
    expect(error.details?.problemEn).toMatch(/not a GOST/);
    await sessions.closeAll();
  });
});
