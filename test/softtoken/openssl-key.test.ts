import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { children, readTlv } from "./der.ts";
import { paramSet } from "./gost.ts";
import { openssl } from "./provision/openssl.ts";
import { opensslKeyMaterial } from "./provision/openssl-key.ts";

const work = mkdtempSync(join(tmpdir(), "kep-openssl-key-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const ssl = openssl(work);

describe("OpenSSL GOST keys as the token imports them", () => {
  for (const ps of [paramSet("CryptoPro-XchA"), paramSet("TC26-512-A")]) {
    it(`reads a ${ps.bits}-bit key whose scalar starts with 0x04 as the bare scalar it is`, () => {
      ssl.run(["genpkey", "-algorithm", `gost2012_${ps.bits}`, "-pkeyopt", `paramset:${ps.openssl}`, "-out", "plain.key"]);
      const pkcs8 = Buffer.from(ssl.run(["pkey", "-in", "plain.key", "-outform", "DER"]));
      const octet = children(readTlv(pkcs8))[2]!;
      expect(octet.content.length).toBe(ps.bits / 8);
      // The scalar is the last thing in the file; a first byte of 0x04 looks like an inner OCTET STRING.
      pkcs8[pkcs8.length - ps.bits / 8] = 0x04;
      writeFileSync(join(work, "patched.der"), pkcs8);
      ssl.run(["pkey", "-inform", "DER", "-in", "patched.der", "-out", "patched.key"]);
      const { scalar, value } = opensslKeyMaterial(ssl, "patched.key", ps);
      expect(scalar.length).toBe(ps.bits / 8);
      expect(scalar[0]).toBe(0x04);
      expect(value.length).toBe(ps.bits / 4);
    });
  }
});
