import { createHash } from "node:crypto";
import { chmodSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Puts the addon the executable carries into `dir` and returns the file to dlopen. The file
 * is trusted only if its SHA-256 equals the hash fixed when the executable was built: a copy
 * that differs (damaged, or replaced by something else running as this user) is rewritten,
 * and the copy is hashed again right before it is handed back.
 */
export function privateAddonFile(bytes: Uint8Array, expectedSha256: string, dir: string, posix: boolean): string {
  if (sha256(bytes) !== expectedSha256) {
    throw new Error(
      "исполняемый файл kep-bridge повреждён (модуль PKCS#11 не совпадает с контрольной суммой), переустановите программу / " +
        "the kep-bridge executable is damaged (its PKCS#11 addon does not match the built-in checksum): reinstall it",
    );
  }
  ensurePrivateDir(dir, posix);
  const file = join(dir, `pkcs11-${expectedSha256.slice(0, 16)}.node`);
  if (hashOf(file) !== expectedSha256) {
    const temp = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(temp, bytes, { mode: FILE_MODE });
      renameSync(temp, file);
    } finally {
      rmSync(temp, { force: true });
    }
  }
  if (posix) chmodSync(file, FILE_MODE);
  if (hashOf(file) !== expectedSha256) {
    throw new Error(`не удалось записать модуль PKCS#11 / could not write the PKCS#11 addon: ${file}`);
  }
  return file;
}

function hashOf(file: string): string | undefined {
  try {
    return sha256(readFileSync(file));
  } catch {
    return undefined;
  }
}

/**
 * Only this user may write where the addon lives, or another local user could swap the
 * file between its check and the dlopen. A symlink or a folder someone else owns is refused
 * rather than repaired, since its owner could change it back.
 */
function ensurePrivateDir(dir: string, posix: boolean): void {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  if (!posix) return;
  const stat = lstatSync(dir);
  const uid = process.getuid?.();
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) {
    throw new Error(
      `папка ${dir} не принадлежит текущему пользователю или это ссылка: удалите её / ` + `${dir} is a link or belongs to another user: remove it`,
    );
  }
  if ((stat.mode & 0o777) !== DIR_MODE) chmodSync(dir, DIR_MODE);
}
