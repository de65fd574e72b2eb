import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Lang } from "../../../shared/protocol/index.ts";
import { CliError } from "./args.ts";
import { pick } from "./lang.ts";

/**
 * Certificate files written to the backup folder before a deletion. A file this run
 * created is taken back when its certificate stays on the token, so the folder holds
 * copies of what is gone (and whatever the user kept there before).
 */
export class CertificateBackup {
  private readonly created = new Set<string>();
  readonly files = new Map<string, string>();

  private constructor(readonly dir: string) {}

  /** Makes the folder if it is missing; refuses, with the reason, if that fails. */
  static open(dir: string, lang: Lang): CertificateBackup {
    const absolute = resolve(dir);
    try {
      mkdirSync(absolute, { recursive: true });
    } catch (error) {
      throw new CliError(refusal(lang, "folder", absolute, error));
    }
    return new CertificateBackup(absolute);
  }

  /**
   * Writes each certificate as THUMBPRINT.cer and flushes it to disk; if any write fails,
   * the files written so far are removed and nothing may be deleted.
   */
  save(certificates: { thumbprint: string; der: Uint8Array }[], lang: Lang): void {
    for (const { thumbprint, der } of certificates) {
      const path = join(this.dir, `${thumbprint}.cer`);
      const existed = existsSync(path);
      try {
        const fd = openSync(path, "w");
        try {
          writeSync(fd, der);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      } catch (error) {
        this.discard([...this.files.keys()]);
        throw new CliError(refusal(lang, "file", path, error));
      }
      if (!existed) this.created.add(thumbprint);
      this.files.set(thumbprint, path);
    }
  }

  /** Removes the copies this run made of certificates that are still on the token. */
  discard(thumbprints: string[]): void {
    for (const thumbprint of thumbprints) {
      const path = this.files.get(thumbprint);
      if (!path) continue;
      if (this.created.delete(thumbprint)) rmSync(path, { force: true });
      this.files.delete(thumbprint);
    }
  }
}

function refusal(lang: Lang, what: "folder" | "file", path: string, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return what === "folder"
    ? pick(
        lang,
        `Папка для резервных копий ${path} не создана (${reason}). С токена ничего не удалено.`,
        `The backup folder ${path} could not be created (${reason}). Nothing was deleted from the token.`,
      )
    : pick(
        lang,
        `Резервная копия ${path} не записана (${reason}). С токена ничего не удалено.`,
        `The backup ${path} could not be written (${reason}). Nothing was deleted from the token.`,
      );
}
