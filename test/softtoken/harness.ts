/**
 * Test harness for the kep-bridge GOST SoftToken TEST fixture (a PKCS#11 module for tests and
 * demos, never for real keys). Builds the module on demand, creates state directories and flips
 * the control files that simulate hardware events. See README.md for the directory layout.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const SOFTTOKEN_SRC_DIR = dirname(fileURLToPath(import.meta.url));
export const SOFTTOKEN_LIB = join(SOFTTOKEN_SRC_DIR, "libkepsofttoken.so");
export const SOFTTOKEN_ASAN_LIB = join(SOFTTOKEN_SRC_DIR, "libkepsofttoken-asan.so");

function newestSource(): number {
  const files = [
    join(SOFTTOKEN_SRC_DIR, "Makefile"),
    join(SOFTTOKEN_SRC_DIR, "include", "pkcs11.h"),
    ...readdirSync(join(SOFTTOKEN_SRC_DIR, "src")).map((f) => join(SOFTTOKEN_SRC_DIR, "src", f)),
  ];
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

/** Runs make when the library is missing or older than its sources; returns the library path. */
export function buildSofttoken(opts: { asan?: boolean } = {}): string {
  const lib = opts.asan ? SOFTTOKEN_ASAN_LIB : SOFTTOKEN_LIB;
  if (!existsSync(lib) || statSync(lib).mtimeMs < newestSource()) {
    execFileSync("make", ["-s", "-C", SOFTTOKEN_SRC_DIR, opts.asan ? "asan" : "all"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
  }
  return lib;
}

export interface SofttokenDirOptions {
  /** Number of slots (default 2). */
  slots?: number;
  /** Bytes of object storage per token (default 65536). */
  capacity?: number;
  /** User/SO PIN attempts before locking (default 10). */
  pinTries?: number;
  /** Slots that start without a token (default: every slot but 0). */
  emptySlots?: readonly number[];
  /** Use this directory instead of a fresh temporary one. */
  dir?: string;
}

/** Creates a state directory with `softtoken.conf`; tokens in it are present but uninitialised. */
export function createSofttokenDir(opts: SofttokenDirOptions = {}): string {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), "kep-softtoken-"));
  const slots = opts.slots ?? 2;
  const conf = [`slots=${slots}`, `capacity=${opts.capacity ?? 65536}`, `pin_tries=${opts.pinTries ?? 10}`];
  writeFileSync(join(dir, "softtoken.conf"), `${conf.join("\n")}\n`);
  const empty = opts.emptySlots ?? Array.from({ length: slots - 1 }, (_, i) => i + 1);
  for (const slot of empty) removeToken(dir, slot);
  return dir;
}

/** Environment for a child process (pkcs11-tool, the native host) that should see `dir`. */
export function softtokenEnv(dir: string): NodeJS.ProcessEnv {
  return { ...process.env, KEP_SOFTTOKEN_DIR: dir };
}

/** Pulls the token out of `slot`: open sessions get CKR_DEVICE_REMOVED, new calls CKR_TOKEN_NOT_PRESENT. */
export function removeToken(dir: string, slot = 0): void {
  writeFileSync(join(dir, `slot-${slot}.removed`), "");
}

/**
 * Puts the token back; its stored objects and PIN state are unchanged. Bumps
 * `slot-N.inserted` so that sessions opened before a remove+insert die even if the module
 * made no call while the token was out.
 */
export function insertToken(dir: string, slot = 0): void {
  const removed = join(dir, `slot-${slot}.removed`);
  if (!existsSync(removed)) return;
  const counter = join(dir, `slot-${slot}.inserted`);
  const previous = existsSync(counter) ? Number(readFileSync(counter, "utf8")) || 0 : 0;
  // The module may read the counter at any moment: write it atomically.
  writeFileSync(`${counter}.tmp`, `${previous + 1}\n`);
  renameSync(`${counter}.tmp`, counter);
  rmSync(removed);
}

/** The n-th PKCS#11 call from now (in any process) fails with CKR_DEVICE_ERROR, once. */
export function failAfter(dir: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error("failAfter needs n >= 1");
  writeFileSync(join(dir, "fail-after"), `${n}\n`);
}

/** Cancels a pending failAfter. */
export function clearFailure(dir: string): void {
  rmSync(join(dir, "fail-after"), { force: true });
}
