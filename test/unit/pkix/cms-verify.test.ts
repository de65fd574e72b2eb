import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { streebog256 } from "../../../shared/crypto/streebog.ts";
import { encodeOid } from "../../../shared/der.ts";
import { CmsError } from "../../../shared/cms/errors.ts";
import { verifyCms } from "../../../shared/pkix/cms-verify.ts";
import { openssl, type OpenSsl } from "../../softtoken/provision/openssl.ts";

const workDir = mkdtempSync(join(tmpdir(), "cms-verify-test-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const CONTENT = new TextEncoder().encode("Заявление на перевыпуск сертификата\n");
const OID_SIGNING_TIME = encodeOid("1.2.840.113549.1.9.5");

interface Signer {
  name: string;
  certificate: Uint8Array;
}

/** A self-signed certificate for a fresh key made with `genpkey <keyArgs>`. */
function selfSigned(ssl: OpenSsl, name: string, keyArgs: readonly string[], md: string): Signer {
  ssl.run(["genpkey", ...keyArgs, "-out", `${name}.key`]);
  ssl.run([
    "req",
    "-x509",
    "-new",
    "-key",
    `${name}.key`,
    `-${md}`,
    "-subj",
    `/CN=kep-bridge ${name}`,
    "-days",
    "30",
    "-addext",
    "subjectKeyIdentifier=hash",
    "-out",
    `${name}.pem`,
  ]);
  ssl.run(["x509", "-in", `${name}.pem`, "-outform", "DER", "-out", `${name}.der`]);
  return { name, certificate: new Uint8Array(readFileSync(join(workDir, `${name}.der`))) };
}

/** `openssl cms -sign -cades` (CAdES-BES as docs/cms-cades.md describes) over CONTENT. */
function sign(ssl: OpenSsl, signer: Signer, md: string, extra: readonly string[]): Uint8Array {
  const args = ["cms", "-sign", "-binary", "-md", md, "-signer", `${signer.name}.pem`, "-inkey", `${signer.name}.key`];
  return new Uint8Array(ssl.run([...args, "-nosmimecap", "-outform", "DER", "-in", "content.txt", ...extra]));
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  return Buffer.from(haystack).indexOf(Buffer.from(needle), from);
}

/** Changes the last digit of the signingTime value, keeping the DER well-formed. */
function tamperSigningTime(cms: Uint8Array): Uint8Array {
  const at = indexOf(cms, OID_SIGNING_TIME);
  expect(at).toBeGreaterThan(0);
  const out = cms.slice();
  const time = at + OID_SIGNING_TIME.length + 2; // SET header, then the time TLV
  const length = out[time + 1]!;
  out[time + 2 + length - 2] = out[time + 2 + length - 2]! ^ 0x01;
  return out;
}

let ssl: OpenSsl;
const signers = new Map<string, Signer>();
const samples = new Map<string, Uint8Array>();

beforeAll(() => {
  ssl = openssl(workDir);
  writeFileSync(join(workDir, "content.txt"), CONTENT);
  signers.set("gost256", selfSigned(ssl, "gost256", ["-algorithm", "gost2012_256", "-pkeyopt", "paramset:XA"], "md_gost12_256"));
  signers.set("gost512", selfSigned(ssl, "gost512", ["-algorithm", "gost2012_512", "-pkeyopt", "paramset:A"], "md_gost12_512"));
  signers.set("ec", selfSigned(ssl, "ec", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], "sha256"));
  const gost256 = signers.get("gost256")!;
  samples.set("gost256-attached", sign(ssl, gost256, "md_gost12_256", ["-cades", "-nodetach"]));
  samples.set("gost256-detached", sign(ssl, gost256, "md_gost12_256", ["-cades"]));
  samples.set("gost256-plain", sign(ssl, gost256, "md_gost12_256", ["-nodetach"]));
  samples.set("gost256-noattr", sign(ssl, gost256, "md_gost12_256", ["-nodetach", "-noattr"]));
  samples.set("gost512-detached", sign(ssl, signers.get("gost512")!, "md_gost12_512", ["-cades"]));
  samples.set("gost256-keyid", sign(ssl, gost256, "md_gost12_256", ["-cades", "-nodetach", "-keyid"]));
  samples.set("ec-attached", sign(ssl, signers.get("ec")!, "sha256", ["-cades", "-nodetach"]));
}, 60_000);

const sample = (name: string): Uint8Array => samples.get(name)!;

describe("verifyCms on OpenSSL CAdES-BES", () => {
  it("verifies an attached GOST 2012-256 (XchA) signature", async () => {
    const result = await verifyCms(sample("gost256-attached"));
    expect(result.detached).toBe(false);
    expect(result.content).toEqual(CONTENT);
    expect(result.signers).toHaveLength(1);
    const [signer] = result.signers;
    expect(signer).toMatchObject({
      signatureValid: true,
      digestMatches: true,
      signingCertificateV2: "match",
      algorithm: "gost2012-256",
    });
    expect(signer!.certificate).toEqual(signers.get("gost256")!.certificate);
    expect(Math.abs(signer!.signingTime!.getTime() - Date.now())).toBeLessThan(10 * 60_000);
  });

  it("verifies a detached GOST 2012-256 signature with the content passed in", async () => {
    const result = await verifyCms(sample("gost256-detached"), { content: CONTENT });
    expect(result.detached).toBe(true);
    expect(result.content).toBeNull();
    expect(result.signers[0]).toMatchObject({ signatureValid: true, digestMatches: true, signingCertificateV2: "match" });
  });

  it("verifies a detached GOST 2012-512 (tc26-512-A) signature", async () => {
    const result = await verifyCms(sample("gost512-detached"), { content: CONTENT });
    expect(result.signers[0]).toMatchObject({
      signatureValid: true,
      digestMatches: true,
      signingCertificateV2: "match",
      algorithm: "gost2012-512",
    });
  });

  it("verifies an attached ECDSA P-256 signature (ESSCertIDv2 with SHA-256 left implicit)", async () => {
    const result = await verifyCms(sample("ec-attached"));
    expect(result.signers[0]).toMatchObject({
      signatureValid: true,
      digestMatches: true,
      signingCertificateV2: "match",
      algorithm: "ec-p256",
    });
  });

  it("accepts the signature OID 1.2.643.7.1.1.3.2 in SignerInfo.signatureAlgorithm, rejects a foreign one", async () => {
    // signatureAlgorithm is outside the signed attributes, so rewriting it keeps the signature valid.
    const cms = sample("gost256-attached").slice();
    const keyOid = encodeOid("1.2.643.7.1.1.1.1");
    const at = Buffer.from(cms).lastIndexOf(Buffer.from(keyOid));
    cms.set(encodeOid("1.2.643.7.1.1.3.2"), at);
    expect((await verifyCms(cms)).signers[0]).toMatchObject({ signatureValid: true, algorithm: "gost2012-256" });
    cms.set(encodeOid("1.2.643.7.1.1.3.3"), at);
    await expect(verifyCms(cms)).rejects.toThrow(/signature algorithm 1\.2\.643\.7\.1\.1\.3\.3 does not fit a gost2012-256 key/);
  });

  it("finds the signer certificate by subjectKeyIdentifier (-keyid)", async () => {
    const cms = sample("gost256-keyid");
    // SignerIdentifier [0] IMPLICIT OCTET STRING holding the 20-byte SHA-1 key id.
    expect(indexOf(cms, Uint8Array.from([0x80, 0x14]))).toBeGreaterThan(0);
    const result = await verifyCms(cms);
    expect(result.signers[0]).toMatchObject({ signatureValid: true, digestMatches: true, signingCertificateV2: "match" });
  });

  it("reports signingCertificateV2 absent for a non-CAdES signature", async () => {
    const result = await verifyCms(sample("gost256-plain"));
    expect(result.signers[0]).toMatchObject({ signatureValid: true, digestMatches: true, signingCertificateV2: "absent" });
  });

  it("verifies a signature without signed attributes over the content itself", async () => {
    const result = await verifyCms(sample("gost256-noattr"));
    expect(result.signers[0]).toMatchObject({ signatureValid: true, digestMatches: true, signingTime: null });
  });
});

describe("verifyCms on tampered input", () => {
  it("detached: other content → digestMatches false, signature still valid", async () => {
    const other = CONTENT.slice();
    other[0] = other[0]! ^ 0x01;
    for (const name of ["gost256-detached", "gost512-detached"]) {
      const result = await verifyCms(sample(name), { content: other });
      expect(result.signers[0]).toMatchObject({ signatureValid: true, digestMatches: false });
    }
  });

  it("attached: a changed content byte → digestMatches false", async () => {
    for (const name of ["gost256-attached", "ec-attached"]) {
      const cms = sample(name).slice();
      const at = indexOf(cms, CONTENT);
      cms[at + 3] = cms[at + 3]! ^ 0x01;
      const result = await verifyCms(cms);
      expect(result.signers[0]).toMatchObject({ signatureValid: true, digestMatches: false });
    }
  });

  it("attached, no signed attributes: a changed content byte → signature invalid", async () => {
    const cms = sample("gost256-noattr").slice();
    const at = indexOf(cms, CONTENT);
    cms[at] = cms[at]! ^ 0x01;
    expect((await verifyCms(cms)).signers[0]).toMatchObject({ signatureValid: false, digestMatches: false });
  });

  it("a changed signingTime → signatureValid false, digest still matches", async () => {
    for (const name of ["gost256-attached", "gost512-detached", "ec-attached"]) {
      const result = await verifyCms(tamperSigningTime(sample(name)), { content: CONTENT });
      expect(result.signers[0], name).toMatchObject({ signatureValid: false, digestMatches: true });
    }
  });

  it("a changed ESSCertIDv2 certHash → signingCertificateV2 mismatch (and the signature breaks)", async () => {
    const cms = sample("gost256-attached").slice();
    const at = indexOf(cms, streebog256(signers.get("gost256")!.certificate));
    expect(at).toBeGreaterThan(0);
    cms[at] = cms[at]! ^ 0x01;
    const result = await verifyCms(cms);
    expect(result.signers[0]).toMatchObject({ signingCertificateV2: "mismatch", signatureValid: false });
  });

  it("a flipped bit in the signature value → signatureValid false", async () => {
    const cms = sample("gost256-attached").slice();
    cms[cms.length - 1] = cms[cms.length - 1]! ^ 0x01;
    expect((await verifyCms(cms)).signers[0]).toMatchObject({ signatureValid: false, digestMatches: true });
  });
});

describe("verifyCms on malformed input", () => {
  const rejects = async (cms: Uint8Array, message: RegExp, content?: Uint8Array): Promise<void> => {
    const promise = verifyCms(cms, content ? { content } : {});
    await expect(promise).rejects.toBeInstanceOf(CmsError);
    await expect(promise).rejects.toThrow(message);
  };

  it("rejects garbage, truncation and an empty buffer", async () => {
    await rejects(new TextEncoder().encode("not a signature at all"), /CMS ContentInfo/);
    await rejects(new Uint8Array(0), /CMS ContentInfo/);
    const cms = sample("gost256-attached");
    await rejects(cms.subarray(0, cms.length - 10), /CMS ContentInfo is not a complete DER value/);
  });

  it("rejects a ContentInfo that is not signedData", async () => {
    const data = Uint8Array.from([0x30, 0x0b, ...encodeOid("1.2.840.113549.1.7.1")]);
    await rejects(data, /not signedData/);
  });

  it("asks for the content of a detached signature", async () => {
    await rejects(sample("gost256-detached"), /detached: pass the signed content/);
  });
});
