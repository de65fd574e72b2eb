import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExecutable } from "../../packaging/executable.ts";
import { requiredGlibc } from "../../packaging/deb.ts";
import { CLI_LINK, EXECUTABLE, linuxLayout } from "../../packaging/linux-layout.ts";
import { productionTrust } from "../../packaging/production-trust.ts";
import { rpmSpec } from "../../packaging/rpm-spec.ts";
import { currentTarget } from "../../packaging/target.ts";
import { ROOT, TEST_OUTPUT } from "../fixtures/paths.ts";

function hasRpmbuild(): boolean {
  try {
    execFileSync("rpmbuild", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const trusted = productionTrust(["abcdefghijklmnopabcdefghijklmnop"]);

// The spec is for ALT, RED OS and Astra; Debian's rpmbuild checks that it builds and what it holds.
describe.skipIf(!hasRpmbuild() || process.platform !== "linux")("the RPM spec builds with rpmbuild", () => {
  let top: string;
  let rpm: string;

  beforeAll(async () => {
    const target = currentTarget();
    const { path } = await buildExecutable({
      root: ROOT,
      target,
      version: VERSION,
      outDir: join(TEST_OUTPUT, "package", "dist", `kep-bridge-${VERSION}-${target.name}`),
      log: () => undefined,
    });
    top = mkdtempSync(join(tmpdir(), "kep-rpm-"));
    const spec = join(top, "kep-bridge.spec");
    writeFileSync(spec, rpmSpec(VERSION, target, trusted, requiredGlibc(readFileSync(path))));
    execFileSync("cp", [path, join(top, "kep-bridge")]);
    // Fast compression: the test checks the contents, not the archive's size.
    execFileSync(
      "rpmbuild",
      ["-bb", "--define", `_sourcedir ${top}`, "--define", `_topdir ${join(top, "build")}`, "--define", "_binary_payload w1.gzdio", spec],
      { stdio: "pipe" },
    );
    rpm = execFileSync("sh", ["-c", `ls ${join(top, "build", "RPMS")}/*/*.rpm`], { encoding: "utf8" }).trim();
  }, 300_000);

  afterAll(() => rmSync(top, { recursive: true, force: true }));

  it("holds exactly the .deb's files, owning each manifest directory", () => {
    const listed = execFileSync("rpm", ["-qlp", rpm], { encoding: "utf8" }).trim().split("\n").sort();
    const manifests = linuxLayout(trusted).filter((f) => f.content !== undefined);
    const expected = [posix.dirname(EXECUTABLE), EXECUTABLE, CLI_LINK, ...manifests.flatMap((f) => [posix.dirname(f.path), f.path])].sort();
    expect(listed).toEqual(expected);
  });

  it("requires the addon's glibc and keeps the executable unstripped", () => {
    const requires = execFileSync("rpm", ["-qp", "--requires", rpm], { encoding: "utf8" });
    expect(requires).toContain("libc.so.6(GLIBC_2.34)(64bit)");
    // --dump: path size mtime digest …; the packed file must be byte for byte the one built.
    const dump = execFileSync("rpm", ["-qp", "--dump", rpm], { encoding: "utf8" });
    const line = dump.split("\n").find((l) => l.startsWith(`${EXECUTABLE} `));
    const built = readFileSync(join(top, "kep-bridge"));
    expect(line?.split(" ").slice(1, 4)).toEqual([String(built.length), expect.any(String), createHash("sha256").update(built).digest("hex")]);
  });
});
