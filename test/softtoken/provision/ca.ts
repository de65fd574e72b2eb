/**
 * The TEST certification authority: a GOST 2012-256 key made by OpenSSL (GOST engine, explicit
 * config) and kept in `<dir>/test-ca/`, so every certificate in one state directory chains to it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pem } from "../spki.ts";
import { innLegal, ogrn } from "./checkdigits.ts";
import { assembleCertificate, caName, tbsCertificate, type CaIdentity } from "./fns.ts";
import { openssl, type OpenSsl } from "./openssl.ts";

export const TEST_CA: CaIdentity = {
  name: "Федеральная налоговая служба (ТЕСТОВЫЙ УЦ kep-bridge, TEST)",
  innle: innLegal("999932915"),
  ogrn: ogrn("109999903051"),
  email: "uc-test@kep-bridge.invalid",
  address: { region: "77 Москва", locality: "г. Москва", street: "ул. Тестовая, д. 0 (TEST)" },
};

export interface TestCa {
  readonly name: Buffer;
  readonly der: Buffer;
  readonly pem: string;
  /** Raw public value LE(x)||LE(y) of the CA key. */
  readonly publicValue: Buffer;
  /** s||r over Streebog-256(tbs), made by OpenSSL with the CA key. */
  sign(tbs: Buffer): Buffer;
}

function signer(ossl: OpenSsl, key: string): (tbs: Buffer) => Buffer {
  return (tbs) => {
    writeFileSync(join(ossl.dir, "tbs.der"), tbs);
    return ossl.run(["dgst", "-md_gost12_256", "-sign", key, "-binary", "tbs.der"]);
  };
}

export function loadOrCreateTestCa(stateDir: string): TestCa {
  const dir = join(stateDir, "test-ca");
  mkdirSync(dir, { recursive: true });
  const ossl = openssl(dir);
  const certPath = join(dir, "ca.der");
  if (!existsSync(join(dir, "ca.key"))) {
    ossl.run(["genpkey", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:A", "-out", "ca.key"]);
  }
  const spki = ossl.run(["pkey", "-in", "ca.key", "-pubout", "-outform", "DER"]);
  const publicValue = spki.subarray(spki.length - 64);
  const name = caName(TEST_CA);
  const sign = signer(ossl, "ca.key");
  if (!existsSync(certPath)) {
    const now = Date.now();
    const tbs = tbsCertificate({
      issuer: name,
      subject: name,
      spki,
      subjectKey: publicValue,
      issuerKey: publicValue,
      notBefore: new Date(now - 2 * 365 * 86_400_000),
      notAfter: new Date(now + 10 * 365 * 86_400_000),
      ca: true,
    });
    const der = assembleCertificate(tbs, sign(tbs));
    writeFileSync(certPath, der);
    writeFileSync(join(dir, "ca.pem"), pem("CERTIFICATE", der));
  }
  const der = readFileSync(certPath);
  return { name, der, pem: pem("CERTIFICATE", der), publicValue, sign };
}
