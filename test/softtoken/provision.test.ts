/** The provisioning library and CLI: FNS-shaped TEST certificates that OpenSSL accepts, bound to token keys. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pkcs11js from "pkcs11js";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SOFTTOKEN_SRC_DIR } from "./harness.ts";
import { children, oid, readTlv } from "./der.ts";
import { BY_SIZE } from "./gost.ts";
import { innLegal, innPerson, ogrn, ogrnip, snils } from "./provision/checkdigits.ts";
import { openssl, type OpenSsl } from "./provision/openssl.ts";
import { createSampleToken, importSample, type SampleToken } from "./provision/samples.ts";
import { findObjects, openModule, readValue, sign, slotHandle, userSession } from "./provision/token.ts";
import type { ListedSlot } from "./provision/list.ts";
import { REPO_ROOT } from "./support.ts";

let dir: string;
let work: string;
let ossl: OpenSsl;
let token: SampleToken;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kep-samples-"));
  work = mkdtempSync(join(tmpdir(), "kep-samples-work-"));
  ossl = openssl(work);
  token = createSampleToken(dir);
  writeFileSync(join(work, "ca.pem"), token.caPem);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

function certFile(der: Buffer): string {
  writeFileSync(join(work, "cert.der"), der);
  ossl.run(["x509", "-inform", "DER", "-in", "cert.der", "-out", "cert.pem"]);
  return "cert.pem";
}

function cli(...args: string[]): string {
  return execFileSync(process.execPath, ["--import", "tsx", join(SOFTTOKEN_SRC_DIR, "provision", "cli.ts"), ...args], {
    encoding: "utf8",
    cwd: REPO_ROOT,
  });
}

describe("check digits", () => {
  it("reproduce real registry numbers (FNS itself, docs/fns-profile.md#check-digits)", () => {
    expect(innLegal("770732915")).toBe("7707329152");
    expect(ogrn("104770703051")).toBe("1047707030513");
    expect(innPerson("5001234567")).toMatch(/^\d{12}$/);
    expect(snils("112233445")).toBe("11223344595");
    expect(ogrnip("30450011600015")).toHaveLength(15);
  });
});

describe("createSampleToken", () => {
  it("makes valid, expiring-in-10-days and expired certificates", () => {
    const [valid, expiring, expired] = token.certificates;
    if (!valid || !expiring || !expired) throw new Error("three certificates expected");
    const day = 86_400_000;
    expect(valid.notAfter.getTime()).toBeGreaterThan(Date.now() + 300 * day);
    expect(Math.abs(expiring.notAfter.getTime() - (Date.now() + 10 * day))).toBeLessThan(120_000);
    expect(expired.notAfter.getTime()).toBeLessThan(Date.now());
    expect([valid.keyOnToken, expiring.keyOnToken, expired.keyOnToken]).toEqual([true, true, false]);
    for (const c of token.certificates) {
      // 15 months + 10 minutes, like every observed FNS certificate.
      const end = new Date(c.notBefore);
      end.setUTCMonth(end.getUTCMonth() + 15);
      expect(c.notAfter.getTime() - end.getTime()).toBe(10 * 60_000);
    }
  });

  it("chains to the TEST CA in openssl, with the FNS profile", () => {
    for (const c of token.certificates) {
      const file = certFile(c.der);
      const args = ["verify", "-CAfile", "ca.pem", ...(c.keyOnToken ? [] : ["-no_check_time"]), file];
      expect(ossl.run(args).toString()).toMatch(/OK/);
      const text = ossl.run(["x509", "-in", file, "-noout", "-text"]).toString();
      expect(text).toContain("Digital Signature, Non Repudiation, Key Encipherment, Data Encipherment");
      expect(text).toContain("TLS Web Client Authentication, E-mail Protection");
      expect(text).toContain("Class of Signing Tool KC1");
      expect(text).toContain("Signature Algorithm: GOST R 34.10-2012 with GOST R 34.11-2012 (256 bit)");
      expect(text).toMatch(/SNILS = \d{11}/);
      expect(text).toMatch(/INN = \d{12}/);
      expect(text).toContain("TEST");
    }
    const expired = certFile(token.certificates[2]?.der ?? Buffer.alloc(0));
    expect(() => ossl.run(["verify", "-CAfile", "ca.pem", expired])).toThrow(/certificate has expired/);
  });

  it("encodes INN and SNILS as NumericString (RFC 9215)", () => {
    const der = token.certificates[1]?.der ?? Buffer.alloc(0);
    for (const id of ["1.2.643.3.131.1.1", "1.2.643.100.3", "1.2.643.100.4", "1.2.643.100.1"]) {
      const at = der.indexOf(oid(id));
      expect(at).toBeGreaterThan(0);
      expect(der[at + oid(id).length]).toBe(0x12);
    }
  });

  it("binds each certificate to its key pair by CKA_ID and public value", () => {
    const m = openModule(dir);
    try {
      const session = userSession(m.p, slotHandle(m.p, 0), token.pins.pin);
      for (const c of token.certificates) {
        const id = Buffer.from(c.id, "hex");
        const certs = findObjects(m.p, session, [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
          { type: pkcs11js.CKA_ID, value: id },
        ]);
        const privs = findObjects(m.p, session, [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
          { type: pkcs11js.CKA_ID, value: id },
        ]);
        const pubs = findObjects(m.p, session, [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
          { type: pkcs11js.CKA_ID, value: id },
        ]);
        expect(certs).toHaveLength(1);
        expect(privs).toHaveLength(c.keyOnToken ? 1 : 0);
        const [pub] = pubs;
        const [priv] = privs;
        if (!pub || !priv) continue;
        // SPKI BIT STRING holds OCTET STRING(CKA_VALUE): compare byte for byte, no reversal.
        const spki = children(children(readTlv(c.der))[0] ?? readTlv(c.der))[6];
        const bits = spki ? children(spki)[1] : undefined;
        expect(bits && readTlv(bits.content.subarray(1)).content).toEqual(readValue(m.p, session, pub));
        const data = Buffer.from("document");
        writeFileSync(join(work, "doc.bin"), data);
        writeFileSync(join(work, "doc.sig"), sign(m.p, session, priv, BY_SIZE[256].hashSign, data));
        ossl.run(["x509", "-in", certFile(c.der), "-pubkey", "-noout", "-out", "cert.pub"]);
        ossl.run(["dgst", "-md_gost12_256", "-verify", "cert.pub", "-signature", "doc.sig", "doc.bin"]);
      }
    } finally {
      m.close();
    }
  });

  it("importSample adds an imported (non-local) key with an old certificate", () => {
    const sample = importSample(dir);
    expect(sample.keyOnToken).toBe(true);
    expect(ossl.run(["verify", "-CAfile", "ca.pem", certFile(sample.der)]).toString()).toMatch(/OK/);
    const m = openModule(dir);
    try {
      const session = userSession(m.p, slotHandle(m.p, 0), token.pins.pin);
      const [priv] = findObjects(m.p, session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
        { type: pkcs11js.CKA_ID, value: Buffer.from(sample.id, "hex") },
      ]);
      if (!priv) throw new Error("imported key missing");
      const [local] = m.p.C_GetAttributeValue(session, priv, [{ type: pkcs11js.CKA_LOCAL }]);
      expect(local?.value).toEqual(Buffer.from([0]));
    } finally {
      m.close();
    }
  });
});

describe("CLI", () => {
  it("init and list", () => {
    const cliDir = join(mkdtempSync(join(tmpdir(), "kep-cli-")), "token");
    try {
      cli("init", "--dir", cliDir, "--slots", "3", "--capacity", "100000", "--label", "CLI TEST");
      const slots = JSON.parse(cli("list", "--dir", cliDir, "--json")) as ListedSlot[];
      expect(slots.map((s) => s.present)).toEqual([true, false, false]);
      expect(slots[0]?.token?.label).toBe("CLI TEST");
      expect(slots[0]?.token?.totalMemory).toBe("100000");
      expect(cli("list", "--dir", cliDir)).toMatch(/slot 0: "CLI TEST"/);
    } finally {
      rmSync(join(cliDir, ".."), { recursive: true, force: true });
    }
  });
});
