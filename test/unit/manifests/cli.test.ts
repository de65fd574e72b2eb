import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT_ERROR, EXIT_OK, EXIT_USAGE, runCli, type CliEnvironment } from "../../../manifests/cli.ts";

const REPO = resolve(import.meta.dirname, "../../..");
const TSX = join(REPO, "node_modules", ".bin", "tsx");
let home: string;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "kep-cli-"));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

interface Captured {
  code: number;
  out: string[];
  err: string[];
  reg: (readonly string[])[];
}

function runInProcess(argv: string[], overrides: Partial<CliEnvironment> = {}): Captured {
  const captured: Captured = { code: -1, out: [], err: [], reg: [] };
  captured.code = runCli(argv, {
    platform: "linux",
    uid: 1000,
    home,
    repoRoot: home, // no dist/ here: the default launcher is missing
    env: {},
    out: (line) => captured.out.push(line),
    err: (line) => captured.err.push(line),
    runReg: (args) => captured.reg.push(args),
    ...overrides,
  });
  return captured;
}

function fakeLauncher(): string {
  const path = join(home, "bin", "kep-host");
  mkdirSync(join(home, "bin"));
  writeFileSync(path, "#!/bin/sh\n");
  chmodSync(path, 0o755);
  return path;
}

describe("install-host CLI (child process)", () => {
  function spawnCli(args: string[]) {
    return spawnSync(TSX, ["manifests/install-host.ts", ...args], {
      cwd: REPO,
      env: { ...process.env, HOME: home },
      encoding: "utf8",
    });
  }

  it("--dry-run prints one Russian/English line per file, writes nothing, exits 0", () => {
    const result = spawnCli(["--dry-run", "--host", "/tmp/x/kep-host"]);
    expect(result.status).toBe(EXIT_OK);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toBe("хост / host: /tmp/x/kep-host");
    const fileLines = lines.filter((line) => line.startsWith("будет записан / would write: "));
    expect(fileLines).toHaveLength(10);
    expect(fileLines).toContain(
      `будет записан / would write: ${home}/.config/google-chrome/NativeMessagingHosts/ru.kepbridge.host.json ` +
        "(Google Chrome, браузер не найден / browser not found)",
    );
    expect(result.stdout).toContain(`${home}/.mozilla/native-messaging-hosts/ru.kepbridge.host.json (Firefox`);
    expect(lines.at(-1)).toBe("(пробный запуск, ничего не изменено / dry run, nothing changed)");
    expect(result.stderr).toContain("host launcher not found: /tmp/x/kep-host");
    expect(readdirSync(home)).toEqual([]);
  });

  it("installs and uninstalls for real with --browser", () => {
    const launcher = fakeLauncher();
    mkdirSync(join(home, ".config", "yandex-browser"), { recursive: true });
    const install = spawnCli(["--browser", "yandex,firefox", "--host", launcher]);
    expect(install.status).toBe(EXIT_OK);
    const yandexFile = join(home, ".config", "yandex-browser", "NativeMessagingHosts", "ru.kepbridge.host.json");
    expect(install.stdout).toContain(`записан / written: ${yandexFile} (Яндекс Браузер / Yandex Browser, браузер найден / browser found)`);
    expect((JSON.parse(readFileSync(yandexFile, "utf8")) as { path: string }).path).toBe(launcher);

    const uninstall = spawnCli(["--uninstall", "--browser=yandex,firefox"]);
    expect(uninstall.status).toBe(EXIT_OK);
    expect(uninstall.stdout.trim().split("\n")).toEqual([
      `удалён / removed: ${yandexFile} (Яндекс Браузер / Yandex Browser)`,
      `удалён / removed: ${home}/.mozilla/native-messaging-hosts/ru.kepbridge.host.json (Firefox)`,
    ]);
    expect(existsSync(yandexFile)).toBe(false);
  });

  it("exits 2 on a usage error", () => {
    const result = spawnCli(["--no-such-flag"]);
    expect(result.status).toBe(EXIT_USAGE);
    expect(result.stderr).toContain("неверные параметры: ");
    expect(result.stderr).toContain(" / bad arguments: ");
    expect(result.stdout).toBe("");
  });
});

describe("install-host CLI (in process)", () => {
  it("--help prints usage and exits 0", () => {
    const result = runInProcess(["--help"]);
    expect(result.code).toBe(EXIT_OK);
    expect(result.out.join("\n")).toMatch(/^Использование \/ usage: npm run install-host/);
  });

  it("rejects unknown browsers, browsers without a location and conflicting flags with exit 2", () => {
    expect(runInProcess(["--browser", "opera"]).err[0]).toMatch(/^неизвестный браузер: opera; известные: .* \/ unknown browser: opera; known: /);
    expect(runInProcess(["--browser", "opera"]).code).toBe(EXIT_USAGE);
    const canary = runInProcess(["--browser", "chrome-canary", "--dry-run"]);
    expect(canary.code).toBe(EXIT_USAGE);
    expect(canary.err[0]).toContain("no known user manifest location for chrome-canary on linux");
    expect(runInProcess(["--profile", home, "--system"]).code).toBe(EXIT_USAGE);
    expect(runInProcess(["--windows-reg", join(home, "x.reg")]).code).toBe(EXIT_USAGE);
    expect(runInProcess(["stray"]).code).toBe(EXIT_USAGE);
    expect(runInProcess(["--profile", home], { platform: "win32" }).code).toBe(EXIT_USAGE);
  });

  it("asks for npm run build when the default launcher is missing", () => {
    const result = runInProcess([]);
    expect(result.code).toBe(EXIT_ERROR);
    expect(result.err).toEqual([
      `ошибка / error: нет ${home}/dist/native-host/kep-host: сначала выполните npm run build / ` +
        `missing ${home}/dist/native-host/kep-host: run npm run build first`,
    ]);
    expect(readdirSync(home)).toEqual([]);
  });

  it("uses the built launcher by default and refuses a non-executable one", () => {
    const launcher = join(home, "dist", "native-host", "kep-host");
    mkdirSync(join(home, "dist", "native-host"), { recursive: true });
    writeFileSync(launcher, "#!/bin/sh\n");
    chmodSync(launcher, 0o644);
    const notExecutable = runInProcess(["--browser", "chrome"]);
    expect(notExecutable.code).toBe(EXIT_ERROR);
    expect(notExecutable.err[0]).toContain("host launcher is not executable");
    expect(existsSync(join(home, ".config"))).toBe(false);
    chmodSync(launcher, 0o755);
    const result = runInProcess(["--browser", "chrome"]);
    expect(result.code).toBe(EXIT_OK);
    expect(result.out[0]).toBe(`хост / host: ${launcher}`);
  });

  it("--system needs root unless it is a dry run", () => {
    const denied = runInProcess(["--system", "--host", fakeLauncher()], { uid: 1000 });
    expect(denied.code).toBe(EXIT_ERROR);
    expect(denied.err[0]).toContain("для --system нужны права root");
    expect(denied.err[0]).toContain("--system needs root");

    const preview = runInProcess(["--system", "--dry-run", "--host", "/opt/kep/kep-host"], { uid: 1000 });
    expect(preview.code).toBe(EXIT_OK);
    expect(preview.out).toContain("будет записан / would write: /etc/opt/chrome/native-messaging-hosts/ru.kepbridge.host.json (Google Chrome)");
    expect(preview.out).toContain("будет записан / would write: /usr/lib64/mozilla/native-messaging-hosts/ru.kepbridge.host.json (Firefox)");
  });

  it("--profile writes only into the throwaway profile", () => {
    const profile = join(home, "profile");
    const result = runInProcess(["--profile", profile, "--host", fakeLauncher()]);
    expect(result.code).toBe(EXIT_OK);
    const file = join(profile, "NativeMessagingHosts", "ru.kepbridge.host.json");
    expect(result.out[1]).toBe(`записан / written: ${file} (профиль / profile)`);
    expect(existsSync(file)).toBe(true);
    expect(readdirSync(home).sort()).toEqual(["bin", "profile"]);
    expect(runInProcess(["--profile", profile, "--uninstall"]).out).toEqual([`удалён / removed: ${file} (профиль / profile)`]);
  });

  it("on Windows prints reg.exe commands in a dry run and runs none", () => {
    const result = runInProcess(["--dry-run", "--browser", "chrome", "--host", "C:\\kep\\kep-host.cmd"], {
      platform: "win32",
      uid: undefined,
      home: "C:\\Users\\ivan",
      env: { LOCALAPPDATA: "C:\\Users\\ivan\\AppData\\Local" },
    });
    expect(result.code).toBe(EXIT_OK);
    expect(result.reg).toEqual([]);
    expect(result.out).toContain(
      'будет выполнено / would run: reg add "HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\ru.kepbridge.host" ' +
        '/ve /t REG_SZ /d "C:\\Users\\ivan\\AppData\\Local\\kep-bridge\\NativeMessagingHosts\\chrome\\ru.kepbridge.host.json" /f',
    );
  });
});
