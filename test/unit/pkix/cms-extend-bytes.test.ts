import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { attachContent as oldAttach } from "../../../shared/cms/attach-content.ts";
import { toHex } from "../../../shared/encoding.ts";
import { attachContent } from "../../../shared/pkix/cms-attach.ts";
import { openssl, type OpenSsl } from "../../softtoken/provision/openssl.ts";

const workDir = mkdtempSync(join(tmpdir(), "cms-extend-bytes-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
const CONTENT = new Uint8Array(70_001).map((_, i) => (i * 31) & 0xff);
let ssl: OpenSsl;
const cms = new Map<string, Uint8Array>();

function signer(name: string, keyArgs: readonly string[], md: string, extra: readonly string[] = []): void {
  ssl.run(["genpkey", ...keyArgs, "-out", `${name}.key`]);
  ssl.run(["req", "-x509", "-new", "-key", `${name}.key`, `-${md}`, "-subj", `/CN=kep-bridge ${name}`, "-days", "30", "-out", `${name}.pem`]);
  const sign = (suffix: string, more: readonly string[]) =>
    cms.set(
      `${name}${suffix}`,
      new Uint8Array(
        ssl.run([
          "cms",
          "-sign",
          "-binary",
          "-md",
          md,
          "-signer",
          `${name}.pem`,
          "-inkey",
          `${name}.key`,
          "-nosmimecap",
          "-outform",
          "DER",
          "-in",
          "content.bin",
          ...extra,
          ...more,
        ]),
      ),
    );
  sign("", ["-cades"]);
  sign("-attached", ["-cades", "-nodetach"]);
}

beforeAll(() => {
  ssl = openssl(workDir);
  writeFileSync(join(workDir, "content.bin"), CONTENT);
  signer("gost256", ["-algorithm", "gost2012_256", "-pkeyopt", "paramset:XA"], "md_gost12_256");
  signer("gost512", ["-algorithm", "gost2012_512", "-pkeyopt", "paramset:A"], "md_gost12_512");
  signer("ec", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], "sha256");
  signer("rsa", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], "sha256");
}, 60_000);

describe("CMS extension bytes: the schema library's output equals the hand-written one's", () => {
  test.each(["gost256", "gost512", "ec", "rsa"])("attach %s", (name) => {
    expect(toHex(attachContent(cms.get(name)!, CONTENT))).toBe(toHex(oldAttach(cms.get(name)!, CONTENT)));
  });
});
