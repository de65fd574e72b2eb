import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DIGESTS, KEY_TYPES } from "../../../shared/algorithms/registry.ts";
import { readCertificate } from "../../../shared/cms/certificate.ts";
import { toHex } from "../../../shared/encoding.ts";
import { attributesToSign, cadesAttributes } from "../../../shared/pkix/cades-attributes.ts";
import { assembleCades } from "../../../shared/pkix/cms-build.ts";
import type { KeyAlgorithmName } from "../../../shared/protocol/index.ts";
import { assembleCades as oldAssemble, toBeSigned as oldToBeSigned } from "../../../native-host/src/cms/cades-bes.ts";
import { digestOf } from "../../../native-host/src/cms/digests.ts";
import { openssl, type OpenSsl } from "../../softtoken/provision/openssl.ts";

const workDir = mkdtempSync(join(tmpdir(), "cades-bytes-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
let ssl: OpenSsl;
const certs = new Map<string, Uint8Array>();

function selfSigned(name: string, keyArgs: readonly string[], md: string, subj: string): void {
  ssl.run(["genpkey", ...keyArgs, "-out", `${name}.key`]);
  ssl.run(["req", "-x509", "-new", "-key", `${name}.key`, `-${md}`, "-subj", subj, "-days", "30", "-set_serial", "0x80aa55", "-out", `${name}.pem`]);
  ssl.run(["x509", "-in", `${name}.pem`, "-outform", "DER", "-out", `${name}.der`]);
  certs.set(name, new Uint8Array(readFileSync(join(workDir, `${name}.der`))));
}

beforeAll(() => {
  ssl = openssl(workDir);
  selfSigned("gost2012-256", ["-algorithm", "gost2012_256", "-pkeyopt", "paramset:XA"], "md_gost12_256", "/CN=Тест/O=Рога и копыта/C=RU");
  selfSigned("gost2012-512", ["-algorithm", "gost2012_512", "-pkeyopt", "paramset:A"], "md_gost12_512", "/CN=kep-bridge 512");
  selfSigned("ec-p256", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], "sha256", "/CN=kep-bridge ec");
}, 60_000);

describe("CAdES bytes: the schema library's output equals the hand-written builder's", () => {
  test.each<KeyAlgorithmName>(["gost2012-256", "gost2012-512", "ec-p256"])("%s", (algorithm) => {
    const der = certs.get(algorithm)!;
    const signer = readCertificate(der);
    const digest = DIGESTS[KEY_TYPES[algorithm].digest];
    const messageDigest = new Uint8Array(digest.length).map((_, i) => i);
    for (const signingTime of [new Date(Date.UTC(2026, 11, 2, 5, 7, 9)), new Date(Date.UTC(1999, 0, 1, 0, 0, 0, 999))]) {
      const chain = [certs.get("gost2012-512")!, certs.get("ec-p256")!].filter((c) => c !== der);
      const old = oldToBeSigned({ algorithm, signer, chain, messageDigest, signingTime });
      const attributes = cadesAttributes({
        digest,
        messageDigest,
        signingTime,
        certificateHash: digestOf(algorithm, der),
        issuer: signer.issuer,
        serialNumber: signer.serialNumber,
      });
      const toSign = attributesToSign(attributes);
      expect(toHex(digestOf(algorithm, toSign))).toBe(toHex(old.digest));
      const tokenSignature = new Uint8Array(KEY_TYPES[algorithm].signatureLength).map((_, i) => (i * 77 + 1) & 0xff);
      const cms = assembleCades({ algorithm, certificate: der, issuer: signer.issuer, serialNumber: signer.serialNumber, chain }, attributes, tokenSignature);
      expect(toHex(cms)).toBe(toHex(oldAssemble({ algorithm, signer, chain, messageDigest, signingTime }, old.attributes, tokenSignature)));
    }
  });
});
