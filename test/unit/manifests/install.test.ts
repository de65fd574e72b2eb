import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  applyPlan,
  applyUninstall,
  installIntoProfile,
  planInstall,
  planUninstall,
  profileManifestPath,
  uninstallFromProfile,
} from "../../../manifests/install.ts";

const LAUNCHER = "/tmp/x/kep-host";
let home: string;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "kep-manifests-"));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

const mode = (path: string) => statSync(path).mode & 0o777;
const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;

describe("planInstall", () => {
  it("is pure: one manifest per target, content matching the browser family", () => {
    const plan = planInstall({ os: "linux", scope: "user", home, launcherPath: LAUNCHER });
    expect(plan).toHaveLength(10);
    expect(readdirSync(home)).toEqual([]);
    for (const item of plan) {
      const manifest = JSON.parse(item.content) as Record<string, unknown>;
      expect(manifest["path"]).toBe(LAUNCHER);
      expect(manifest["type"]).toBe("stdio");
      if (item.family === "firefox") expect(manifest["allowed_extensions"]).toEqual(["kep-bridge@kepbridge.ru"]);
      else expect(manifest["allowed_origins"]).toEqual(["chrome-extension://ndkcibfpbpclokaippfdmhggipaeolnm/"]);
    }
  });
});

describe("applyPlan / applyUninstall in a fake HOME", () => {
  it("writes parseable manifests with mode 0644 into private new dirs, reporting detected browsers", () => {
    mkdirSync(join(home, ".config", "google-chrome"), { recursive: true });
    chmodSync(join(home, ".config", "google-chrome"), 0o755);
    const plan = planInstall({ os: "linux", scope: "user", home, launcherPath: LAUNCHER, browsers: ["chrome", "firefox"] });
    const outcomes = applyPlan(plan, { dryRun: false });

    expect(outcomes.map((o) => [o.target.browser, o.action, o.browserDetected])).toEqual([
      ["chrome", "written", true],
      ["firefox", "written", false],
    ]);
    for (const item of plan) {
      expect(readJson(item.file)["name"]).toBe("ru.kepbridge.host");
      expect(mode(item.file)).toBe(0o644);
    }
    // The existing browser dir keeps its mode; dirs we create are private like a browser's own.
    expect(mode(join(home, ".config", "google-chrome"))).toBe(0o755);
    expect(mode(join(home, ".config", "google-chrome", "NativeMessagingHosts"))).toBe(0o700);
    expect(mode(join(home, ".mozilla"))).toBe(0o700);
    expect(readdirSync(join(home, ".config", "google-chrome", "NativeMessagingHosts"))).toEqual(["ru.kepbridge.host.json"]);
  });

  it("is idempotent: a second install rewrites the same content", () => {
    const plan = planInstall({ os: "linux", scope: "user", home, launcherPath: LAUNCHER, browsers: ["chromium"] });
    applyPlan(plan, { dryRun: false });
    applyPlan(plan, { dryRun: false });
    const file = plan[0]?.file ?? "";
    expect(readFileSync(file, "utf8")).toBe(plan[0]?.content);
    expect(readdirSync(dirname(file))).toEqual(["ru.kepbridge.host.json"]);
  });

  it("replaces a symlink at our path instead of writing through it", () => {
    const plan = planInstall({ os: "linux", scope: "user", home, launcherPath: LAUNCHER, browsers: ["chromium"] });
    const file = plan[0]?.file ?? "";
    const packaged = join(home, "packaged.json");
    writeFileSync(packaged, "packaged");
    mkdirSync(dirname(file), { recursive: true });
    symlinkSync(packaged, file);
    applyPlan(plan, { dryRun: false });
    expect(readFileSync(packaged, "utf8")).toBe("packaged");
    expect(readJson(file)["name"]).toBe("ru.kepbridge.host");
  });

  it("dry run writes nothing", () => {
    const plan = planInstall({ os: "linux", scope: "user", home, launcherPath: LAUNCHER });
    const outcomes = applyPlan(plan, { dryRun: true });
    expect(outcomes.every((o) => o.action === "written")).toBe(true);
    expect(readdirSync(home)).toEqual([]);
  });

  it("uninstall removes only our manifests and leaves foreign files and dirs", () => {
    const query = { os: "linux", scope: "user", home, browsers: ["chrome", "chromium", "edge"] } as const;
    applyPlan(planInstall({ ...query, launcherPath: LAUNCHER, browsers: ["chrome"] }), { dryRun: false });
    const chromeDir = join(home, ".config", "google-chrome", "NativeMessagingHosts");
    writeFileSync(join(chromeDir, "org.other.host.json"), '{"name":"org.other.host"}');
    // A file at our name that is not our manifest (hand-written, another product) stays too.
    const chromiumFile = join(home, ".config", "chromium", "NativeMessagingHosts", "ru.kepbridge.host.json");
    mkdirSync(dirname(chromiumFile), { recursive: true });
    writeFileSync(chromiumFile, '{"name":"something.else"}');

    const dry = applyUninstall(planUninstall(query), { dryRun: true });
    expect(dry.map((o) => o.action)).toEqual(["removed", "foreign", "absent"]);
    expect(existsSync(join(chromeDir, "ru.kepbridge.host.json"))).toBe(true);

    const outcomes = applyUninstall(planUninstall(query), { dryRun: false });
    expect(outcomes.map((o) => [o.target.browser, o.action])).toEqual([
      ["chrome", "removed"],
      ["chromium", "foreign"],
      ["edge", "absent"],
    ]);
    expect(readdirSync(chromeDir)).toEqual(["org.other.host.json"]);
    expect(readFileSync(chromiumFile, "utf8")).toBe('{"name":"something.else"}');
    expect(existsSync(join(home, ".config", "microsoft-edge"))).toBe(false);
  });
});

describe("installIntoProfile", () => {
  it("writes <profile>/NativeMessagingHosts/ru.kepbridge.host.json with the Chrome-family manifest", () => {
    const profile = join(home, "chromium-profile");
    const file = installIntoProfile(profile, LAUNCHER);
    expect(file).toBe(join(profile, "NativeMessagingHosts", "ru.kepbridge.host.json"));
    expect(profileManifestPath(profile)).toBe(file);
    expect(readJson(file)).toEqual({
      name: "ru.kepbridge.host",
      description: "kep-bridge native host (PKCS#11 tokens for КЭП)",
      path: LAUNCHER,
      type: "stdio",
      allowed_origins: ["chrome-extension://ndkcibfpbpclokaippfdmhggipaeolnm/"],
    });
    expect(mode(file)).toBe(0o644);

    expect(uninstallFromProfile(profile, { dryRun: false })).toBe("removed");
    expect(existsSync(file)).toBe(false);
    expect(uninstallFromProfile(profile, { dryRun: false })).toBe("absent");
  });
});
