import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResultOf } from "../../shared/protocol/index.ts";
import { createGostToken, type GostToken } from "../fixtures/gost-token.ts";
import { ROOT } from "../fixtures/paths.ts";
import { importSample } from "../softtoken/provision/samples.ts";

const CLI = join(ROOT, "dist/native-host/kep-cli.cjs");

// `kep delete --backup DIR`: the backup exists before anything leaves the token.
describe("kep delete with a backup folder", () => {
  let token: GostToken;
  let work: string;
  let thumbprint: string;
  let keyId: string;
  let der: Buffer;
  const run = (args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...token.env, KEP_LANG: "ru", KEP_PIN: token.pin }, encoding: "utf8" });
  const onToken = () => {
    const listed = run(["certs", "--json"]);
    expect(listed.status, listed.stderr).toBe(0);
    return (JSON.parse(listed.stdout) as { tokens: ResultOf<"listObjects">[] }).tokens.flatMap((r) => r.certificates.map((c) => c.thumbprint));
  };

  beforeAll(() => {
    token = createGostToken();
    const sample = importSample(token.dir);
    der = sample.der;
    keyId = sample.id;
    thumbprint = createHash("sha1").update(der).digest("hex").toUpperCase();
    work = mkdtempSync(join(tmpdir(), "kep-delete-"));
  });
  afterAll(() => {
    token?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("refuses before touching the token when the folder cannot be made", () => {
    writeFileSync(join(work, "a-file"), "");
    const refused = run(["delete", "--cert", thumbprint, "--key", keyId, "--backup", join(work, "a-file", "backup")]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/Папка для резервных копий .*a-file\/backup.* не создана/);
    expect(refused.stdout).not.toMatch(/удалено/);
    expect(onToken()).toEqual([thumbprint]);
  });

  it("creates a missing folder, backs the certificate up, then deletes and says exactly what went", () => {
    const backup = join(work, "new", "backup");
    const deleted = run(["delete", "--cert", thumbprint, "--key", keyId, "--backup", backup]);
    expect(deleted.status, deleted.stderr).toBe(0);
    expect(readFileSync(join(backup, `${thumbprint}.cer`))).toEqual(der);
    expect(deleted.stdout).toContain(`удалено: сертификат ${thumbprint} (копия: ${join(backup, `${thumbprint}.cer`)})`);
    expect(deleted.stdout).toContain(`удалено: ключевая пара ${keyId}`);
    expect(deleted.stdout).not.toMatch(/НЕ удалено/);
    expect(onToken()).toEqual([]);
  });

  it("leaves no backup behind for a certificate that stays on the token", () => {
    const again = importSample(token.dir);
    const stays = createHash("sha1").update(again.der).digest("hex").toUpperCase();
    const backup = join(work, "refused");
    // The key pair is used by its valid certificate, so the host refuses the whole request.
    const refused = run(["delete", "--cert", stays, "--key", again.id, "--key", keyId, "--backup", backup]);
    expect(refused.status).toBe(1);
    expect(existsSync(join(backup, `${stays}.cer`))).toBe(false);
    expect(onToken()).toEqual([stays]);
  });
});
