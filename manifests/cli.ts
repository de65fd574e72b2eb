import { accessSync, constants, existsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  applyPlan,
  applyUninstall,
  encodeRegFile,
  installIntoProfile,
  planInstall,
  planUninstall,
  profileManifestPath,
  uninstallFromProfile,
  windowsRegistry,
  type FileAction,
  type FileOutcome,
} from "./install.ts";
import { UsageError } from "../native-host/src/cli/usage-error.ts";
import { BROWSER_IDS, hasLocation, isBrowserId, type BrowserId, type OsId, type Scope, type TargetQuery } from "./locations.ts";

/** Everything the CLI takes from the process, so tests can run it in-process as any OS/user. */
export interface CliEnvironment {
  readonly platform: NodeJS.Platform;
  /** undefined on Windows (no POSIX uids). */
  readonly uid: number | undefined;
  readonly home: string;
  readonly repoRoot: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Runs `reg.exe` with these arguments; only called on Windows. */
  readonly runReg: (args: readonly string[]) => void;
}

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

export const USAGE = `Использование / usage: npm run install-host -- [параметры / options]

  --system               для всех пользователей (нужен root) / system-wide (requires root)
  --uninstall            удалить наши манифесты / remove our host manifests
  --browser <id>[,id]    только эти браузеры / only these browsers:
                         ${BROWSER_IDS.join(", ")}
                         (по умолчанию все известные для этой ОС / default: all known for this OS)
  --profile <dir>        только в профиль Chromium (--user-data-dir) / only into a Chromium profile dir
  --host <path>          путь к запускателю хоста / host launcher path
                         (по умолчанию / default: dist/native-host/kep-host)
  --dry-run              показать, ничего не меняя / show what would change, change nothing
  --windows-reg <file>   Windows: записать .reg вместо запуска reg.exe / write a .reg instead of running reg.exe
  --help                 эта справка / this help

Без --browser манифест ставится для всех браузеров из таблицы, даже ещё не установленных:
каталог создаётся заранее, и браузер, установленный позже, сразу найдёт хост.
Without --browser the manifest goes to every browser in the table, even ones not installed yet:
the directory is created ahead, so a browser installed later finds the host at once.`;

export function runCli(argv: readonly string[], environment: CliEnvironment): number {
  try {
    return run(argv, environment);
  } catch (error) {
    if (error instanceof UsageError) {
      environment.err(`${error.text.ru} / ${error.text.en}`);
      environment.err("Справка / help: npm run install-host -- --help");
      return EXIT_USAGE;
    }
    environment.err(`ошибка / error: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_ERROR;
  }
}

function run(argv: readonly string[], environment: CliEnvironment): number {
  const flags = parseFlags(argv);
  if (flags.help) {
    environment.out(USAGE);
    return EXIT_OK;
  }
  const os = supportedOs(environment.platform);
  const dryRun = flags["dry-run"];

  if (flags.profile !== undefined && (flags.system || flags.browser !== undefined || flags["windows-reg"] !== undefined)) {
    throw new UsageError({ ru: "--profile нельзя сочетать с --system, --browser, --windows-reg", en: "--profile excludes --system, --browser, --windows-reg" });
  }
  if (flags.profile !== undefined && os === "win32") {
    // Chromium on Windows finds hosts only through the registry, never in the profile dir.
    throw new UsageError({ ru: "--profile не работает в Windows", en: "--profile is not supported on Windows" });
  }
  if (flags["windows-reg"] !== undefined && os !== "win32") {
    throw new UsageError({ ru: "--windows-reg работает только в Windows", en: "--windows-reg is for Windows only" });
  }
  if (flags.system && !dryRun && os !== "win32" && environment.uid !== 0) {
    throw new Error("для --system нужны права root: sudo npm run install-host -- --system / --system needs root: run it with sudo");
  }

  if (flags.profile !== undefined) return runProfile(flags.profile, os, flags, environment);

  const scope: Scope = flags.system ? "system" : "user";
  const browsers = parseBrowsers(flags.browser);
  const unplaceable = (browsers ?? []).filter((browser) => !hasLocation(browser, os, scope));
  if (unplaceable.length > 0) {
    throw new UsageError({
      ru: `для ${unplaceable.join(", ")} неизвестно, куда ставить манифест (${os}, ${scope})`,
      en: `no known ${scope} manifest location for ${unplaceable.join(", ")} on ${os}`,
    });
  }
  const windowsDataDir = os === "win32" ? environment.env[scope === "user" ? "LOCALAPPDATA" : "ProgramData"] : undefined;
  const query: TargetQuery = {
    os,
    scope,
    home: environment.home,
    ...(browsers === undefined ? {} : { browsers }),
    ...(windowsDataDir === undefined ? {} : { windowsDataDir }),
  };

  let outcomes: FileOutcome[];
  if (flags.uninstall) {
    outcomes = applyUninstall(planUninstall(query), { dryRun });
  } else {
    const launcherPath = launcher(flags.host, os, dryRun, environment);
    outcomes = applyPlan(planInstall({ ...query, launcherPath }), { dryRun });
  }
  for (const outcome of outcomes) environment.out(describe(outcome, dryRun));
  if (os === "win32") registerOnWindows(outcomes, flags, environment);
  if (dryRun) environment.out("(пробный запуск, ничего не изменено / dry run, nothing changed)");
  return EXIT_OK;
}

function parseFlags(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: {
        system: { type: "boolean", default: false },
        uninstall: { type: "boolean", default: false },
        browser: { type: "string" },
        profile: { type: "string" },
        host: { type: "string" },
        "dry-run": { type: "boolean", default: false },
        "windows-reg": { type: "string" },
        help: { type: "boolean", default: false },
      },
    }).values;
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    throw new UsageError({ ru: `неверные параметры: ${problem}`, en: `bad arguments: ${problem}` });
  }
}

type Flags = ReturnType<typeof parseFlags>;

function supportedOs(platform: NodeJS.Platform): OsId {
  if (platform === "linux" || platform === "darwin" || platform === "win32") return platform;
  throw new Error(`ОС не поддерживается / unsupported OS: ${platform}`);
}

function parseBrowsers(value: string | undefined): BrowserId[] | undefined {
  if (value === undefined) return undefined;
  const ids = value
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "");
  const unknown = ids.filter((id) => !isBrowserId(id));
  if (ids.length === 0 || unknown.length > 0) {
    throw new UsageError({
      ru: `неизвестный браузер: ${unknown.join(", ") || "(пусто)"}; известные: ${BROWSER_IDS.join(", ")}`,
      en: `unknown browser: ${unknown.join(", ") || "(empty)"}; known: ${BROWSER_IDS.join(", ")}`,
    });
  }
  return ids.filter(isBrowserId);
}

/** Resolves the launcher the manifests will point at and makes sure it is there. */
function launcher(explicit: string | undefined, os: OsId, dryRun: boolean, environment: CliEnvironment): string {
  const path = explicit === undefined ? join(environment.repoRoot, "dist", "native-host", os === "win32" ? "kep-host.cmd" : "kep-host") : resolve(explicit);
  const problem = launcherProblem(path, os, explicit === undefined);
  if (problem !== undefined) {
    // A dry run only previews paths, so a missing build should not stop it; a real install
    // would leave manifests pointing at nothing.
    if (!dryRun) throw new Error(problem);
    environment.err(`предупреждение / warning: ${problem}`);
  }
  environment.out(`хост / host: ${path}`);
  return path;
}

function launcherProblem(path: string, os: OsId, isDefault: boolean): string | undefined {
  if (!existsSync(path)) {
    return isDefault
      ? `нет ${path}: сначала выполните npm run build / missing ${path}: run npm run build first`
      : `файл хоста не найден / host launcher not found: ${path}`;
  }
  if (os === "win32") return undefined;
  try {
    accessSync(path, constants.X_OK);
    return undefined;
  } catch {
    return `файл хоста не исполняемый / host launcher is not executable: ${path}`;
  }
}

function runProfile(profileDir: string, os: OsId, flags: Flags, environment: CliEnvironment): number {
  const dryRun = flags["dry-run"];
  const file = profileManifestPath(profileDir);
  if (flags.uninstall) {
    environment.out(lineFor(uninstallFromProfile(profileDir, { dryRun }), dryRun, file, "профиль / profile"));
    return EXIT_OK;
  }
  const launcherPath = launcher(flags.host, os, dryRun, environment);
  if (!dryRun) installIntoProfile(profileDir, launcherPath);
  environment.out(lineFor("written", dryRun, file, "профиль / profile"));
  return EXIT_OK;
}

function registerOnWindows(outcomes: readonly FileOutcome[], flags: Flags, environment: CliEnvironment): void {
  const dryRun = flags["dry-run"];
  const script = windowsRegistry(
    outcomes.map((o) => o.target),
    flags.uninstall ? "uninstall" : "install",
  );
  const regPath = flags["windows-reg"];
  if (regPath !== undefined) {
    if (!dryRun) writeFileSync(regPath, encodeRegFile(script.regFile));
    environment.out(
      `${dryRun ? "будет записан / would write" : "записан / written"}: ${resolve(regPath)} ` + "(импортируйте: reg import / import it with: reg import)",
    );
    return;
  }
  for (const [index, args] of script.regArgs.entries()) {
    if (!dryRun) environment.runReg(args);
    environment.out(`${dryRun ? "будет выполнено / would run" : "выполнено / ran"}: ${script.regCommands[index] ?? ""}`);
  }
}

function describe(outcome: FileOutcome, dryRun: boolean): string {
  const detected =
    outcome.browserDetected === undefined ? "" : outcome.browserDetected ? ", браузер найден / browser found" : ", браузер не найден / browser not found";
  return lineFor(outcome.action, dryRun, outcome.target.file, `${outcome.target.label}${detected}`);
}

const ACTION_TEXT: Record<FileAction, { readonly done: string; readonly planned: string }> = {
  written: { done: "записан / written", planned: "будет записан / would write" },
  removed: { done: "удалён / removed", planned: "будет удалён / would remove" },
  absent: { done: "нет файла / not present", planned: "нет файла / not present" },
  foreign: { done: "чужой файл, не тронут / not ours, left alone", planned: "чужой файл, не тронут / not ours, left alone" },
};

function lineFor(action: FileAction, dryRun: boolean, file: string, what: string): string {
  const text = ACTION_TEXT[action];
  return `${dryRun ? text.planned : text.done}: ${file} (${what})`;
}
