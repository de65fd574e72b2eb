import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CertificateObject, ResultOf, UnusableSlot } from "../../shared/protocol/index.ts";
import { createGostToken, type GostToken } from "../fixtures/gost-token.ts";
import { ROOT } from "../fixtures/paths.ts";
import { insertToken } from "../softtoken/harness.ts";
import { importSample } from "../softtoken/provision/samples.ts";

const CLI = join(ROOT, "dist/native-host/kep-cli.cjs");

interface CertsJson {
  tokens: (Omit<ResultOf<"listObjects">, "certificates"> & {
    certificates: (CertificateObject & {
      owner: string | null;
      issuer: string | null;
      notBefore: string | null;
      notAfter: string | null;
      daysLeft: number | null;
      status: string | null;
    })[];
  })[];
  unusable: UnusableSlot[];
}

// The soft token's second slot holds a token that was never initialised: it is listed as
// such and the first token is listed as always.
describe("kep CLI with an uninitialised token next to a working one", () => {
  let token: GostToken;
  let thumbprint: string;
  let keyId: string;
  const run = (args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...token.env, KEP_LANG: "ru", KEP_PIN: token.pin }, encoding: "utf8" });

  beforeAll(() => {
    token = createGostToken();
    const sample = importSample(token.dir);
    thumbprint = createHash("sha1").update(sample.der).digest("hex").toUpperCase();
    keyId = sample.id;
    insertToken(token.dir, 1);
  });
  afterAll(() => token?.cleanup());

  it("tokens: the working token, and the other slot as not initialised", () => {
    const result = run(["tokens"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(token.serial);
    expect(result.stdout).toMatch(/Слот 1 .*токен не инициализирован/);
    const json = JSON.parse(run(["tokens", "--json"]).stdout) as ResultOf<"listTokens">;
    expect(json.tokens.map((t) => t.serial)).toEqual([token.serial]);
    expect(json.unusable).toEqual([expect.objectContaining({ slotId: "1", state: "uninitialized", module: token.module })]);
  });

  it("certs: the first token's certificate in the table, the other slot named, exit 0", () => {
    const result = run(["certs"]);
    expect(result.status, result.stderr).toBe(0);
    const row = result.stdout.split("\n").find((line) => line.includes(thumbprint));
    expect(row).toMatch(/ТЕСТ|Тест|TEST/);
    expect(row).toContain("есть");
    expect(result.stdout).toMatch(/Слот 1 .*токен не инициализирован/);
    expect(result.stdout + result.stderr).not.toMatch(/Токен не подключён/);
  });

  it("certs --json: the fields the table shows, parsed, next to the DER", () => {
    const result = run(["certs", "--json"]);
    expect(result.status, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as CertsJson;
    expect(json.unusable.map((s) => [s.slotId, s.state])).toEqual([["1", "uninitialized"]]);
    expect(json.tokens).toHaveLength(1);
    const [cert] = json.tokens[0]!.certificates;
    expect(cert).toMatchObject({ thumbprint, key: { id: keyId }, status: "valid" });
    expect(cert!.owner).toBeTruthy();
    expect(cert!.issuer).toMatch(/Федеральная налоговая служба/);
    expect(Date.parse(cert!.notAfter!)).toBeGreaterThan(Date.now());
    expect(Date.parse(cert!.notBefore!)).toBeLessThan(Date.now());
    expect(cert!.daysLeft).toBe(Math.floor((Date.parse(cert!.notAfter!) - Date.now()) / 86_400_000));
    expect(cert!.der.length).toBeGreaterThan(100);
  });

  it("certs --token names the uninitialised token's state instead of failing for all", () => {
    const result = run(["certs", "--token", "TEST-UNINIT-0001"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Слот 1 .*токен не инициализирован/);
  });
});
