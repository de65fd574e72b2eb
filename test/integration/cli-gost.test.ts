import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResultOf } from "../../shared/protocol/index.ts";
import { createGostCa, type GostCa } from "../fixtures/gost-ca.ts";
import { createGostToken, type GostToken } from "../fixtures/gost-token.ts";
import { ROOT } from "../fixtures/paths.ts";
import { innPerson, snils } from "../softtoken/provision/checkdigits.ts";

const CLI = join(ROOT, "dist/native-host/kep-cli.cjs");

// keygen and csr from the terminal on the GOST software token; OpenSSL judges the request.
describe("kep CLI with a GOST token", () => {
  let token: GostToken;
  let ca: GostCa;
  const run = (args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...token.env, KEP_LANG: "ru", KEP_PIN: token.pin }, encoding: "utf8" });

  beforeAll(() => {
    token = createGostToken();
    ca = createGostCa();
  });
  afterAll(() => token?.cleanup());

  it("generates a GOST key and makes an FNS-profile request OpenSSL verifies", () => {
    const keygen = run(["keygen", "--paramset", "CryptoPro-XchA", "--json"]);
    expect(keygen.status, keygen.stderr).toBe(0);
    const { key } = JSON.parse(keygen.stdout) as ResultOf<"generateKeyPair">;
    expect(key.keyType).toBe("GOSTR3410-2012-256");
    const out = join(mkdtempSync(join(tmpdir(), "kep-csr-")), "request.pem");
    const csr = run([
      "csr",
      "--key",
      key.id,
      "--cn",
      "Тестов Тест Тестович",
      "--sn",
      "Тестов",
      "--g",
      "Тест Тестович",
      "--inn",
      innPerson("7700000001"),
      "--snils",
      snils("100200300"),
      "--key-usage",
      "digitalSignature,nonRepudiation",
      "--eku",
      "1.3.6.1.5.5.7.3.2,1.3.6.1.5.5.7.3.4",
      "--out",
      out,
    ]);
    expect(csr.status, csr.stderr).toBe(0);
    expect(ca.verifyRequest(readFileSync(out, "utf8"))).toMatch(/verify OK/);
    const text = ca.ssl.run(["req", "-in", out, "-noout", "-text", "-nameopt", "utf8"]).toString("utf8");
    expect(text).toContain("Тестов Тест Тестович");

    // The issued certificate goes next to the key; a file signed with it verifies with our own GOST verifier.
    const work = join(out, "..");
    writeFileSync(join(work, "issued.cer"), ca.issue(readFileSync(out, "utf8")));
    const imported = run(["import", "--cert", join(work, "issued.cer"), "--json"]);
    expect(imported.status, imported.stderr).toBe(0);
    const thumbprint = (JSON.parse(imported.stdout) as ResultOf<"writeCertificate">).certificate.thumbprint;
    writeFileSync(join(work, "report.xml"), "<Файл>Налоговая декларация</Файл>");
    expect(run(["sign", "--cert", thumbprint, "--in", join(work, "report.xml"), "--attached"]).status).toBe(0);
    const verified = run(["verify", "--in", join(work, "report.xml.sig")]);
    expect(verified.stdout, verified.stderr).toMatch(/Подпись: верна; документ: не изменён; signingCertificateV2: match/);
    expect(ca.verifyCms(readFileSync(join(work, "report.xml.sig"))).toString("utf8")).toBe("<Файл>Налоговая декларация</Файл>");

    const wrong = run(["csr", "--key", key.id, "--cn", "Тестов", "--inn", "771234567891"]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/ИНН/);
  });
});
