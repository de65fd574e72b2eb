import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResultOf } from "../../shared/protocol/index.ts";
import { ROOT } from "../fixtures/paths.ts";
import { createTestCa, issueForEcPoint } from "../fixtures/issue-certificate.ts";
import { createSoftHsmToken, USER_PIN, type SoftHsmToken } from "../fixtures/softhsm-token.ts";
import { openssl } from "../softtoken/provision/openssl.ts";

const CLI = join(ROOT, "dist/native-host/kep-cli.cjs");

// The terminal CLI runs the host's own code (built bundle) against the SoftHSM2 token.
describe("kep CLI", () => {
  let token: SoftHsmToken;
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...token.env, KEP_LANG: "ru", ...env }, encoding: "utf8" });

  beforeAll(async () => {
    token = await createSoftHsmToken();
  });
  afterAll(() => token?.cleanup());

  it("prints the tokens as a table", () => {
    const result = run(["tokens"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(token.serial);
    expect(result.stdout).toContain(token.label);
    expect(result.stdout).toMatch(/Серийный номер/);
  });

  it("prints certificates with days left and key presence", () => {
    const result = run(["certs"]);
    expect(result.status).toBe(0);
    for (const placed of token.certificates) {
      const row = result.stdout.split("\n").find((line) => line.includes(placed.thumbprint));
      expect(row, placed.spec.label).toBeDefined();
      expect(row).toMatch(new RegExp(`\\s${placed.spec.daysLeft}\\s`));
      expect(row).toContain(placed.spec.withKey ? "есть" : "нет");
    }
  });

  it("gives the same data as the host protocol with --json", () => {
    const result = run(["certs", "--json", "--token", token.serial]);
    expect(result.status).toBe(0);
    const [objects] = (JSON.parse(result.stdout) as { tokens: ResultOf<"listObjects">[] }).tokens;
    expect(objects!.certificates.map((c) => c.thumbprint).sort()).toEqual(token.certificates.map((c) => c.thumbprint).sort());
  });

  it("fails with a clear message for an unknown token and for bad usage", () => {
    const missing = run(["certs", "--token", "nope"]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/nope/);
    const usage = run(["frobnicate"], { KEP_LANG: "en" });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/frobnicate.*npm run kep -- help/);
  });

  it("generates a key, imports its certificate, signs a file and deletes both, with the PIN from KEP_PIN", async () => {
    const work = mkdtempSync(join(tmpdir(), "kep-cli-"));
    const withPin = { KEP_PIN: USER_PIN };
    const keygen = run(["keygen", "--alg", "ec-p256", "--label", "CLI key", "--json"], withPin);
    expect(keygen.stderr).toBe("");
    expect(keygen.status).toBe(0);
    const { key } = JSON.parse(keygen.stdout) as ResultOf<"generateKeyPair">;

    const ca = await createTestCa();
    const cert = await issueForEcPoint(ca, Buffer.from(key.publicKey!, "base64"));
    const thumbprint = createHash("sha1").update(cert).digest("hex").toUpperCase();
    writeFileSync(join(work, "issued.cer"), cert);
    writeFileSync(join(work, "ca.pem"), `-----BEGIN CERTIFICATE-----\n${Buffer.from(ca.der).toString("base64")}\n-----END CERTIFICATE-----\n`);
    const imported = run(["import", "--cert", join(work, "issued.cer"), "--chain", join(work, "ca.pem")], withPin);
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain(thumbprint);
    expect(run(["import", "--cert", join(work, "issued.cer")], withPin).stdout).toMatch(/уже есть/);

    writeFileSync(join(work, "doc.txt"), "Документ для подписи\n".repeat(10_000));
    const signed = run(["sign", "--cert", thumbprint, "--in", join(work, "doc.txt")], withPin);
    expect(signed.status).toBe(0);
    const ssl = openssl(work);
    ssl.run([
      "cms",
      "-verify",
      "-binary",
      "-inform",
      "DER",
      "-in",
      "doc.txt.sig",
      "-content",
      "doc.txt",
      "-CAfile",
      "ca.pem",
      "-purpose",
      "any",
      "-cades",
      "-out",
      "/dev/null",
    ]);
    const verified = run(["verify", "--in", join(work, "doc.txt.sig"), "--content", join(work, "doc.txt")]);
    expect(verified.status, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/Подпись: верна; документ: не изменён; signingCertificateV2: match/);
    writeFileSync(join(work, "changed.txt"), "Документ для подписи\n".repeat(9_999));
    const tampered = run(["verify", "--in", join(work, "doc.txt.sig"), "--content", join(work, "changed.txt")]);
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toMatch(/ИЗМЕНЁН/);

    const inUse = run(["delete", "--key", key.id], withPin);
    expect(inUse.status).toBe(1);
    expect(inUse.stderr).toMatch(/действующим сертификатом/);
    const deleted = run(["delete", "--cert", thumbprint, "--key", key.id, "--backup", work], withPin);
    expect(deleted.status).toBe(0);
    expect(deleted.stdout).toMatch(/удалено: сертификат/);
    expect(readFileSync(join(work, `${thumbprint}.cer`))).toEqual(Buffer.from(cert));
    expect(existsSync(join(work, "doc.txt.sig"))).toBe(true);
  });

  it("refuses to change the token without a PIN when not on a terminal", () => {
    const result = run(["keygen", "--alg", "ec-p256"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/KEP_PIN/);
  });
});
