/**
 * The ASan+UBSan build must run the whole API surface without a finding: through pkcs11js in a
 * child node (asan-driver.ts; node leaks by design, so leak detection is off there), and through
 * pkcs11-tool, a C program that finalises cleanly, so LeakSanitizer is on.
 */
import { expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { buildSofttoken, createSofttokenDir, failAfter, removeToken, SOFTTOKEN_SRC_DIR } from "./harness.ts";
import { DEFAULT_PINS } from "./provision/token.ts";
import { REPO_ROOT } from "./support.ts";

const SANITIZER_REPORT = /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/;

function libasan(): string {
  return spawnSync("gcc", ["-print-file-name=libasan.so"], { encoding: "utf8" }).stdout.trim();
}

it("ASan+UBSan build: keygen/sign/verify/digest/objects/hardware paths run clean", () => {
  const lib = buildSofttoken({ asan: true });
  const r = spawnSync(process.execPath, ["--import", "tsx", join(SOFTTOKEN_SRC_DIR, "asan-driver.ts"), lib], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: {
      ...process.env,
      LD_PRELOAD: libasan(),
      ASAN_OPTIONS: "detect_leaks=0:abort_on_error=0:halt_on_error=1",
      UBSAN_OPTIONS: "halt_on_error=1:print_stacktrace=1",
    },
  });
  const report = `${r.stdout}\n${r.stderr}`;
  expect(report).not.toMatch(SANITIZER_REPORT);
  expect(r.status, report).toBe(0);
  expect(r.stdout).toContain("ASAN DRIVER OK");
});

it("ASan+UBSan+LSan build under pkcs11-tool: no errors and no leaks", () => {
  const lib = buildSofttoken({ asan: true });
  const dir = createSofttokenDir();
  const env = {
    ...process.env,
    KEP_SOFTTOKEN_DIR: dir,
    LD_PRELOAD: libasan(),
    ASAN_OPTIONS: "detect_leaks=1:halt_on_error=1",
    UBSAN_OPTIONS: "halt_on_error=1:print_stacktrace=1",
  };
  const tool = (...args: string[]): { status: number | null; out: string } => {
    const r = spawnSync("pkcs11-tool", ["--module", lib, ...args], { env, cwd: dir, encoding: "utf8" });
    const out = `${r.stdout}${r.stderr}`;
    expect(out, `pkcs11-tool ${args.join(" ")}`).not.toMatch(SANITIZER_REPORT);
    return { status: r.status, out };
  };
  const user = ["--login", "--pin", DEFAULT_PINS.pin];
  try {
    writeFileSync(join(dir, "data.bin"), randomBytes(3000));
    writeFileSync(join(dir, "hash.bin"), randomBytes(32));
    const steps: string[][] = [
      ["--init-token", "--so-pin", DEFAULT_PINS.soPin, "--label", DEFAULT_PINS.label],
      ["--init-pin", "--login", "--login-type", "so", "--so-pin", DEFAULT_PINS.soPin, "--pin", DEFAULT_PINS.pin],
      ["-L"],
      ["-M"],
      [...user, "--keypairgen", "--key-type", "GOSTR3410-2012-256:B", "--id", "01"],
      [...user, "--keypairgen", "--key-type", "GOSTR3410-2012-512:C", "--id", "02"],
      [...user, "--sign", "-m", "GOSTR3410-WITH-GOSTR3411-12-256", "--id", "01", "-i", "data.bin", "-o", "s1"],
      [...user, "--verify", "-m", "GOSTR3410-WITH-GOSTR3411-12-256", "--id", "01", "-i", "data.bin", "--signature-file", "s1"],
      [...user, "--sign", "-m", "GOSTR3410", "--id", "01", "-i", "hash.bin", "-o", "s2"],
      [...user, "--sign", "-m", "GOSTR3410-WITH-GOSTR3411-12-512", "--id", "02", "-i", "data.bin", "-o", "s3"],
      [...user, "-O"],
      [...user, "--delete-object", "--type", "privkey", "--id", "02"],
    ];
    for (const step of steps) expect(tool(...step).status, step.join(" ")).toBe(0);
    expect(tool("--login", "--pin", "00000000", "-O").status).not.toBe(0);
    failAfter(dir, 2);
    expect(tool(...user, "-O").status).not.toBe(0);
    removeToken(dir, 0);
    expect(tool("-O").status).not.toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
