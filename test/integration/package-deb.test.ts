import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchWithExtension, type ExtensionBrowser } from "../fixtures/chromium.ts";
import { ROOT, TEST_OUTPUT } from "../fixtures/paths.ts";
import { SOFTTOKEN_LIB } from "../softtoken/harness.ts";
import { createSampleToken, type SampleToken } from "../softtoken/provision/samples.ts";
import { debFileName } from "../../packaging/deb.ts";
import { EXECUTABLE, linuxLayout } from "../../packaging/linux-layout.ts";
import { productionTrust } from "../../packaging/production-trust.ts";
import { currentTarget } from "../../packaging/target.ts";

const PACKAGE = "kep-bridge";
const WORK = join(TEST_OUTPUT, "package");
const OUT = join(WORK, "dist");
// A fixed folder, so the unpacked store build keeps one id and the package's inputs (hence
// its cached build) stay the same from run to run.
const STORE_EXTENSION = join(WORK, "chrome-store-unpacked");
/** Everywhere the package puts files; listed (directories with a trailing /) before installing and after removing. */
const WATCHED = ["/opt", "/etc/opt", "/etc/chromium", "/usr/lib/mozilla", "/usr/lib64/mozilla", "/usr/bin/kep-bridge"];

function skipReason(): string | undefined {
  if (process.platform !== "linux") return "only on Linux";
  if (process.getuid?.() !== 0) return "needs root to run dpkg -i / dpkg -r";
  try {
    execFileSync("dpkg-deb", ["--version"], { stdio: "ignore" });
  } catch {
    return "needs dpkg-deb";
  }
  return undefined;
}
const SKIP = skipReason();

/** Chrome's id for an unpacked extension without a `key`: the SHA-256 of its absolute path. */
function unpackedExtensionId(dir: string): string {
  const hex = createHash("sha256").update(dir).digest("hex").slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join("");
}

function installed(): boolean {
  try {
    return execFileSync("dpkg-query", ["-W", "-f=${Status}", PACKAGE], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).includes(
      "install ok installed",
    );
  } catch {
    return false;
  }
}

function snapshot(): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      return;
    }
    found.push(stat.isDirectory() ? `${path}/` : path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  for (const root of WATCHED) walk(root);
  return found.sort();
}

/** PATH as the user's, minus every directory entry that is node, npm or npx. */
function pathWithoutNode(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const source of ["/usr/local/bin", "/usr/bin", "/bin"]) {
    if (!existsSync(source)) continue;
    for (const name of readdirSync(source)) {
      if (/^(node|nodejs|npm|npx|corepack)$/.test(name) || existsSync(join(dir, name))) continue;
      symlinkSync(join(source, name), join(dir, name));
    }
  }
  return dir;
}

/** Pids of running processes whose executable is `file`. */
function processesOf(file: string): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readlinkSync(`/proc/${pid}/exe`) === file;
      } catch {
        return false;
      }
    })
    .map(Number);
}

// The user's path from packages to a working extension: `npm run package` (test.sh has run
// `npm run build`), dpkg -i, Debian's Chromium without node anywhere on PATH finding the
// host through the system-wide manifest alone, then dpkg -r leaving nothing behind.
describe.skipIf(SKIP !== undefined)(`the .deb on this machine${SKIP === undefined ? "" : ` (skipped: ${SKIP})`}`, () => {
  let temp: string;
  let token: SampleToken;
  let deb: string;
  let before: string[];
  let browser: ExtensionBrowser | undefined;
  const storeId = unpackedExtensionId(STORE_EXTENSION);

  beforeAll(() => {
    // A run that died half way may have left the package in; it would answer every other test's browser.
    if (installed()) execFileSync("dpkg", ["-r", PACKAGE], { stdio: "pipe" });
    temp = mkdtempSync(join(tmpdir(), "kep-deb-test-"));
    token = createSampleToken(join(temp, "token"));
    execFileSync(process.execPath, ["--import", "tsx", "packaging/package.ts", "--quiet", "--out", OUT, "--trust-extension", storeId], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
    });
    deb = join(OUT, debFileName(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version, currentTarget()));
    rmSync(STORE_EXTENSION, { recursive: true, force: true });
    mkdirSync(STORE_EXTENSION, { recursive: true });
    const zip = readdirSync(OUT).find((name) => /^kep-bridge-chrome-.*\.zip$/.test(name));
    execFileSync("unzip", ["-q", join(OUT, zip!), "-d", STORE_EXTENSION]);
    before = snapshot();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    try {
      if (installed()) execFileSync("dpkg", ["-r", PACKAGE], { stdio: "pipe" });
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  });

  it("builds the store archive without the development key", () => {
    const manifest = JSON.parse(readFileSync(join(STORE_EXTENSION, "manifest.json"), "utf8")) as Record<string, unknown>;
    expect(manifest.key).toBeUndefined();
    expect(manifest.manifest_version).toBe(3);
  });

  it("installs with dpkg -i: the executable in /opt, the CLI on PATH, manifests trusting only the store build", () => {
    execFileSync("dpkg", ["-i", deb], { stdio: "pipe" });
    expect(installed()).toBe(true);
    expect(statSync(EXECUTABLE).mode & 0o777).toBe(0o755);
    expect(readlinkSync("/usr/bin/kep-bridge")).toBe(EXECUTABLE);
    const chromium = JSON.parse(readFileSync("/etc/chromium/native-messaging-hosts/ru.kepbridge.host.json", "utf8"));
    expect(chromium).toMatchObject({ name: "ru.kepbridge.host", path: EXECUTABLE, allowed_origins: [`chrome-extension://${storeId}/`] });
    for (const file of linuxLayout(productionTrust([storeId]))) expect(existsSync(file.path), file.path).toBe(true);
  });

  it("Chromium with node off PATH reaches the installed host through the system manifest; the popup lists the token", async () => {
    const cache = join(temp, "cache");
    browser = await launchWithExtension({
      extensionDir: STORE_EXTENSION,
      registerHost: false,
      env: {
        PATH: pathWithoutNode(join(temp, "bin")),
        KEP_SOFTTOKEN_DIR: token.dir,
        KEP_PKCS11_MODULES: SOFTTOKEN_LIB,
        KEP_STATE_DIR: join(temp, "state"),
        XDG_CACHE_HOME: cache,
      },
    });
    expect(browser.extensionId).toBe(storeId);
    // Chromium prefers a profile's own manifest; there is none, so the system one answers.
    expect(existsSync(join(browser.profileDir, "NativeMessagingHosts", "ru.kepbridge.host.json"))).toBe(false);

    const page = await browser.openPopup();
    await page
      .locator(".certificate")
      .nth(token.certificates.length - 1)
      .waitFor({ timeout: 60_000 });
    expect(await page.locator(".certificate").count()).toBe(token.certificates.length);
    const texts = (await page.locator(".certificate").allInnerTexts()).join("\n");
    for (const certificate of token.certificates) expect(texts).toContain(certificate.subjectCommonName);

    expect(processesOf(EXECUTABLE).length).toBeGreaterThan(0);
    // The host unpacked its PKCS#11 addon into the user's private cache, not next to itself.
    const addonDir = join(cache, "kep-bridge");
    expect(statSync(addonDir).mode & 0o777).toBe(0o700);
    const addons = readdirSync(addonDir).filter((name) => /^pkcs11-[0-9a-f]{16}\.node$/.test(name));
    expect(addons).toHaveLength(1);
    expect(statSync(join(addonDir, addons[0]!)).mode & 0o777).toBe(0o600);

    await browser.close();
    browser = undefined;
  });

  it("refuses the development build: without a manifest of its own it finds only the package's, which does not trust it", async () => {
    browser = await launchWithExtension({ env: { KEP_STATE_DIR: join(temp, "refused-state") }, registerHost: false });
    expect(browser.extensionId).toBe("ndkcibfpbpclokaippfdmhggipaeolnm");
    const page = await browser.openPopup();
    const notice = page.locator('[data-code="HOST_NOT_FOUND"]');
    await notice.waitFor({ timeout: 30_000 });
    // Chromium found the manifest and said "forbidden", not "not found"; the host never started.
    expect(await notice.getAttribute("title")).toMatch(/does not trust this extension: .*forbidden/);
    expect(existsSync(join(temp, "refused-state", "host.log"))).toBe(false);
    await browser.close();
    browser = undefined;
  });

  it("a profile's own manifest still wins while the package is installed, as in every other e2e test", async () => {
    // The development build is not trusted by the package's manifests, so the popup can only
    // list the token if Chromium took the development host from the profile.
    browser = await launchWithExtension({
      env: { KEP_SOFTTOKEN_DIR: token.dir, KEP_PKCS11_MODULES: SOFTTOKEN_LIB, KEP_STATE_DIR: join(temp, "dev-state") },
    });
    expect(browser.extensionId).toBe("ndkcibfpbpclokaippfdmhggipaeolnm");
    const page = await browser.openPopup();
    await page
      .locator(".certificate")
      .nth(token.certificates.length - 1)
      .waitFor({ timeout: 60_000 });
    expect(await page.locator(".certificate").count()).toBe(token.certificates.length);
    await browser.close();
    browser = undefined;
  });

  it("dpkg -r leaves no file behind", () => {
    execFileSync("dpkg", ["-r", PACKAGE], { stdio: "pipe" });
    expect(installed()).toBe(false);
    const after = snapshot();
    expect(after.filter((path) => !before.includes(path))).toEqual([]);
    // dpkg also drops an empty directory that was there before if the package listed it
    // (e.g. /etc/opt); every file (entries without the trailing slash) must still be there.
    expect(before.filter((path) => !path.endsWith("/") && !after.includes(path))).toEqual([]);
    // Put such directories back, so the machine is as the other tests found it.
    for (const dir of before.filter((path) => path.endsWith("/") && !after.includes(path))) mkdirSync(dir, { mode: 0o755 });
  });
});
