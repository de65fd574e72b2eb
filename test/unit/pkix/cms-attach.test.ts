import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachContent } from "../../../shared/pkix/cms-attach.ts";
import { documentDigest, signingAlgorithmOf } from "../../../shared/cms/document-digest.ts";
import { CmsError } from "../../../shared/cms/errors.ts";
import { verifyCms } from "../../../shared/pkix/cms-verify.ts";
import { toHex } from "../../../shared/encoding.ts";
import { openssl, type OpenSsl } from "../../softtoken/provision/openssl.ts";

const workDir = mkdtempSync(join(tmpdir(), "cms-attach-test-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

// Odd length and a long-form DER length, so the rebuilt headers are exercised.
const CONTENT = new Uint8Array(70_001).map((_, i) => (i * 31) & 0xff);

let ssl: OpenSsl;
const certificates = new Map<string, Uint8Array>();

function selfSigned(name: string, keyArgs: readonly string[], md: string): void {
  ssl.run(["genpkey", ...keyArgs, "-out", `${name}.key`]);
  ssl.run(["req", "-x509", "-new", "-key", `${name}.key`, `-${md}`, "-subj", `/CN=kep-bridge ${name}`, "-days", "30", "-out", `${name}.pem`]);
  ssl.run(["x509", "-in", `${name}.pem`, "-outform", "DER", "-out", `${name}.der`]);
  certificates.set(name, new Uint8Array(readFileSync(join(workDir, `${name}.der`))));
}

function signDetached(name: string, md: string): Uint8Array {
  return new Uint8Array(
    ssl.run([
      "cms",
      "-sign",
      "-binary",
      "-cades",
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
    ]),
  );
}

beforeAll(() => {
  ssl = openssl(workDir);
  writeFileSync(join(workDir, "content.bin"), CONTENT);
  selfSigned("gost256", ["-algorithm", "gost2012_256", "-pkeyopt", "paramset:XA"], "md_gost12_256");
  selfSigned("gost512", ["-algorithm", "gost2012_512", "-pkeyopt", "paramset:A"], "md_gost12_512");
  selfSigned("ec", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], "sha256");
  selfSigned("rsa", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], "sha256");
}, 60_000);

describe("attachContent", () => {
  it("turns a detached CAdES into an attached one that OpenSSL verifies and returns the content of", async () => {
    const detached = signDetached("gost256", "md_gost12_256");
    const attached = attachContent(detached, CONTENT);
    writeFileSync(join(workDir, "attached.p7s"), attached);
    const out = ssl.run(["cms", "-verify", "-inform", "DER", "-in", "attached.p7s", "-CAfile", "gost256.pem", "-purpose", "any", "-cades"]);
    expect(new Uint8Array(out)).toEqual(CONTENT);
    const result = await verifyCms(attached);
    expect(result.detached).toBe(false);
    expect(result.signers[0]).toMatchObject({ signatureValid: true, digestMatches: true, signingCertificateV2: "match" });
  });

  it("refuses a signature that already holds content, and content that is not the signed one fails verification", async () => {
    const attached = attachContent(signDetached("gost256", "md_gost12_256"), CONTENT);
    expect(() => attachContent(attached, CONTENT)).toThrow(CmsError);
    const other = attachContent(signDetached("gost256", "md_gost12_256"), CONTENT.slice(1));
    expect((await verifyCms(other)).signers[0]).toMatchObject({ digestMatches: false });
  });
});

describe("the document digest where the bytes are", () => {
  it.each([
    ["gost256", "gost2012-256", "md_gost12_256"],
    ["gost512", "gost2012-512", "md_gost12_512"],
    ["ec", "ec-p256", "sha256"],
  ] as const)("%s: the certificate names %s, and the digest is OpenSSL's %s", async (name, algorithm, md) => {
    expect(signingAlgorithmOf(certificates.get(name)!)).toBe(algorithm);
    const expected = ssl.run(["dgst", `-${md}`, "-binary", "content.bin"]).toString("hex");
    expect(toHex(await documentDigest(algorithm, CONTENT))).toBe(expected);
  });

  it("names no algorithm for a key kep-bridge does not sign with", () => {
    expect(signingAlgorithmOf(certificates.get("rsa")!)).toBeUndefined();
  });
});
