/**
 * OpenSC's pkcs11-tool drives the module as a third-party PKCS#11 application would, including
 * its own GOST letter→OID mapping (docs/gost-pkcs11.md#parameter-sets), and its signatures must satisfy OpenSSL.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pkcs11js from "pkcs11js";
import { buildSofttoken, createSofttokenDir, failAfter, softtokenEnv } from "./harness.ts";
import { BY_SIZE, PARAM_SETS, type ParamSet } from "./gost.ts";
import { oid } from "./der.ts";
import { pem, spkiFromTokenValue } from "./spki.ts";
import { openssl, type OpenSsl } from "./provision/openssl.ts";
import { DEFAULT_PINS, findObjects, openModule, readValue, slotHandle, userSession } from "./provision/token.ts";

let dir: string;
let work: string;
let lib: string;
let ossl: OpenSsl;

beforeAll(() => {
  lib = buildSofttoken();
  dir = createSofttokenDir();
  work = mkdtempSync(join(tmpdir(), "kep-p11tool-"));
  ossl = openssl(work);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

function tool(...args: string[]): { out: string; status: number | null } {
  const r = spawnSync("pkcs11-tool", ["--module", lib, ...args], { env: softtokenEnv(dir), encoding: "utf8", cwd: work });
  return { out: `${r.stdout}${r.stderr}`, status: r.status };
}

function ok(...args: string[]): string {
  const r = tool(...args);
  if (r.status !== 0) throw new Error(`pkcs11-tool ${args.join(" ")} failed:\n${r.out}`);
  return r.out;
}

const user = ["--login", "--pin", DEFAULT_PINS.pin];
const keySets = PARAM_SETS.filter((ps): ps is ParamSet & { pkcs11Tool: string } => ps.pkcs11Tool !== undefined);

it("initialises the token and user PIN, lists slots and GOST mechanisms", () => {
  expect(ok("-L")).toMatch(/Slot 0 \(0x0\): kep-bridge TEST soft slot 0\s+token state:\s+uninitialized/);
  expect(ok("--init-token", "--so-pin", DEFAULT_PINS.soPin, "--label", DEFAULT_PINS.label)).toMatch(/Token successfully initialized/);
  expect(ok("--init-pin", "--login", "--login-type", "so", "--so-pin", DEFAULT_PINS.soPin, "--pin", DEFAULT_PINS.pin)).toMatch(
    /User PIN successfully initialized/,
  );
  const slots = ok("-L");
  expect(slots).toMatch(/token label\s+: KEP TEST TOKEN/);
  expect(slots).toMatch(/token manufacturer\s+: kep-bridge TEST/);
  expect(slots).toMatch(/token flags\s+: login required, rng, token initialized, PIN initialized/);
  const mechs = ok("-M");
  for (const name of [
    "GOSTR3410-KEY-PAIR-GEN",
    "GOSTR3410-512-KEY-PAIR-GEN",
    "GOSTR3410,",
    "GOSTR3410_512",
    "GOSTR3410-WITH-GOSTR3411-12-256",
    "GOSTR3410-WITH-GOSTR3411-12-512",
    "GOSTR3411-12-256",
    "GOSTR3411-12-512",
  ]) {
    expect(mechs).toContain(name);
  }
  // OpenSC 0.23's --derive handles EC keys only, so VKO itself is judged by openssl in derive.test.ts.
  expect(mechs).toContain("GOSTR3410-12-DERIVE, keySize={256,512}, hw, derive");
});

it.each(keySets.map((ps) => [`GOSTR3410-2012-${ps.bits}:${ps.pkcs11Tool}`, ps] as const))(
  "--keypairgen --key-type %s makes a %s key and signs for openssl",
  (keyType, ps) => {
    const id = randomBytes(4).toString("hex");
    const gen = ok(...user, "--keypairgen", "--key-type", keyType, "--id", id, "--label", keyType);
    expect(gen).toContain(`PARAMS OID: ${oid(ps.oid).toString("hex")}`);
    expect(gen).toMatch(/sensitive, always sensitive, never extractable, local/);

    const size = BY_SIZE[ps.bits];
    const data = randomBytes(500);
    writeFileSync(join(work, "data.bin"), data);
    const hashMech = `GOSTR3410-WITH-GOSTR3411-12-${ps.bits}`;
    ok(...user, "--sign", "-m", hashMech, "--id", id, "-i", "data.bin", "-o", "hash.sig");
    expect(ok(...user, "--verify", "-m", hashMech, "--id", id, "-i", "data.bin", "--signature-file", "hash.sig")).toMatch(/Signature is valid/);
    writeFileSync(join(work, "d.bin"), ossl.run(["dgst", `-${size.opensslDigest}`, "-binary", "data.bin"]));
    ok(...user, "--sign", "-m", ps.bits === 256 ? "GOSTR3410" : "GOSTR3410_512", "--id", id, "-i", "d.bin", "-o", "raw.sig");

    // pkcs11-tool cannot export GOST public keys, so read CKA_VALUE with pkcs11js.
    const m = openModule(dir, lib);
    try {
      const session = userSession(m.p, slotHandle(m.p, 0));
      const [pub] = findObjects(m.p, session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
        { type: pkcs11js.CKA_ID, value: Buffer.from(id, "hex") },
      ]);
      if (!pub) throw new Error("public key not found");
      writeFileSync(join(work, "pub.pem"), pem("PUBLIC KEY", spkiFromTokenValue(readValue(m.p, session, pub), ps)));
    } finally {
      m.close();
    }
    ossl.run(["dgst", `-${size.opensslDigest}`, "-verify", "pub.pem", "-signature", "hash.sig", "data.bin"]);
    ossl.run(["pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-in", "d.bin", "-sigfile", "raw.sig"]);
  },
);

it("-O lists the objects; private keys only after login", () => {
  const anonymous = ok("-O");
  expect(anonymous).toContain("Public Key Object; GOSTR3410-2012-512");
  expect(anonymous).not.toContain("Private Key Object");
  expect(ok(...user, "-O")).toContain("Private Key Object; GOSTR3410-2012-256");
});

it("an injected failure hits another process's call", () => {
  failAfter(dir, 1);
  const r = tool("-T");
  expect(r.status).not.toBe(0);
  expect(r.out).toMatch(/CKR_DEVICE_ERROR/);
  expect(ok("-T")).toMatch(/KEP TEST TOKEN/);
});
