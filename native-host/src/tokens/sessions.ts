import pkcs11js from "../pkcs11/pkcs11js.ts";
import { type HostEvent, KepError, type TokenRef } from "../../../shared/protocol/index.ts";
import type { Logger } from "../log.ts";
import { ckrCode, fromPkcs11Error } from "../pkcs11/ckr.ts";
import { CKS_RO_USER_FUNCTIONS, CKS_RW_USER_FUNCTIONS } from "../pkcs11/constants.ts";
import type { Pkcs11Module } from "../pkcs11/module.ts";
import { findTokenSlot } from "./find-token.ts";

/** Return values after which a session is gone for good: the token was pulled out. */
const GONE = new Set([0x32 /* DEVICE_REMOVED */, 0xb0 /* SESSION_CLOSED */, 0xb3 /* SESSION_HANDLE_INVALID */, 0xe0 /* TOKEN_NOT_PRESENT */]);
/**
 * Return values after which the session may be stuck in a half-done operation (a find or
 * a signature the token did not terminate); the session is replaced by a fresh one.
 */
const SUSPECT = new Set([0x05 /* GENERAL_ERROR */, 0x06 /* FUNCTION_FAILED */, 0x30 /* DEVICE_ERROR */, 0x90 /* OPERATION_ACTIVE */]);

export const DEFAULT_LOGIN_TTL_MS = 5 * 60_000;

interface Entry {
  module: Pkcs11Module;
  slot: pkcs11js.Handle;
  session: pkcs11js.Handle;
  expires: number;
  timer: ReturnType<typeof setTimeout>;
}

export interface Session {
  lib: pkcs11js.PKCS11;
  slot: pkcs11js.Handle;
  session: pkcs11js.Handle;
}

const keyOf = (ref: TokenRef) => `${ref.module}\u0000${ref.serial}`;

/**
 * Logged-in sessions, one per token. The PIN goes to C_Login and is dropped; the token
 * stays logged in for `ttlMs` after the last use (the user typed the PIN once for a
 * whole reissue, not for every step), then the host logs out. A token pulled out ends
 * its login: the next operation asks for the PIN again.
 */
export class TokenSessions {
  private readonly entries = new Map<string, Entry>();

  /** Told when a login ends without being asked to, so the extension can show it. */
  onEvent: (event: HostEvent) => void = () => undefined;

  constructor(
    private readonly log: Logger,
    readonly ttlMs = DEFAULT_LOGIN_TTL_MS,
  ) {}

  async login(module: Pkcs11Module, ref: TokenRef, pin: string): Promise<{ expiresInMs: number }> {
    await this.logout(module, ref);
    await module.run((lib) => {
      const slot = findTokenSlot(lib, ref);
      let session: pkcs11js.Handle;
      try {
        session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
      } catch (error) {
        throw fromPkcs11Error(error, "open session");
      }
      try {
        lib.C_Login(session, pkcs11js.CKU_USER, pin);
      } catch (error) {
        if (ckrCode(error) !== pkcs11js.CKR_USER_ALREADY_LOGGED_IN) {
          closeQuietly(lib, session);
          throw loginError(lib, slot, error);
        }
      }
      this.remember(ref, { module, slot, session });
    });
    this.log.info("logged in", { serial: ref.serial, ttlMs: this.ttlMs });
    return { expiresInMs: this.ttlMs };
  }

  async logout(module: Pkcs11Module, ref: TokenRef): Promise<void> {
    const entry = this.entries.get(keyOf(ref));
    if (!entry) return;
    this.forget(ref);
    await module.run((lib) => {
      try {
        lib.C_Logout(entry.session);
      } catch {
        // Already logged out or removed: the outcome is the same.
      }
      closeQuietly(lib, entry.session);
    });
    this.log.info("logged out", { serial: ref.serial });
  }

  isLoggedIn(ref: TokenRef): boolean {
    return this.entries.has(keyOf(ref));
  }

  /**
   * Runs `operation` in the token's logged-in session, inside the module's queue. A
   * session that died with its token is dropped and reported as TOKEN_REMOVED; PKCS#11
   * errors become protocol errors named after `doing`.
   */
  withSession<T>(module: Pkcs11Module, ref: TokenRef, doing: string, operation: (s: Session) => T): Promise<T> {
    return module.run((lib) => {
      const entry = this.entries.get(keyOf(ref));
      if (!entry) throw new KepError("NOT_LOGGED_IN", `${doing}: token ${ref.serial} is not logged in`, { serial: ref.serial });
      try {
        const state = lib.C_GetSessionInfo(entry.session).state;
        if (state !== CKS_RW_USER_FUNCTIONS && state !== CKS_RO_USER_FUNCTIONS) {
          this.forget(ref);
          closeQuietly(lib, entry.session);
          throw new KepError("NOT_LOGGED_IN", `${doing}: the token logged out`, { serial: ref.serial });
        }
        const result = operation({ lib, slot: entry.slot, session: entry.session });
        this.touch(ref);
        return result;
      } catch (error) {
        const code = ckrCode(error);
        if (code !== undefined && GONE.has(code)) {
          this.forget(ref);
          closeQuietly(lib, entry.session);
          this.onEvent({ event: "loggedOut", token: ref, reason: "removed" });
          throw new KepError("TOKEN_REMOVED", `${doing}: the token was removed`, { serial: ref.serial });
        }
        if (code !== undefined && SUSPECT.has(code)) this.renew(lib, ref, entry);
        throw fromPkcs11Error(error, doing);
      }
    });
  }

  /**
   * Opens a fresh session while the old one still holds the login (PKCS#11 login state
   * belongs to the application, not the session), then closes the old one. If that fails
   * the token is treated as logged out, and the next operation asks for the PIN.
   */
  private renew(lib: pkcs11js.PKCS11, ref: TokenRef, entry: Entry): void {
    try {
      const fresh = lib.C_OpenSession(entry.slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
      closeQuietly(lib, entry.session);
      entry.session = fresh;
      const state = lib.C_GetSessionInfo(fresh).state;
      if (state !== CKS_RW_USER_FUNCTIONS && state !== CKS_RO_USER_FUNCTIONS) throw new Error("login lost");
    } catch {
      this.forget(ref);
      closeQuietly(lib, entry.session);
    }
  }

  async closeAll(): Promise<void> {
    for (const [key, entry] of [...this.entries]) {
      const [modulePath, serial] = key.split("\u0000") as [string, string];
      await this.logout(entry.module, { module: modulePath, serial });
    }
  }

  private remember(ref: TokenRef, entry: Omit<Entry, "expires" | "timer">): void {
    const full = { ...entry, expires: 0, timer: setTimeout(() => undefined, 0) };
    this.entries.set(keyOf(ref), full);
    this.touch(ref);
  }

  private touch(ref: TokenRef): void {
    const entry = this.entries.get(keyOf(ref));
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.expires = Date.now() + this.ttlMs;
    entry.timer = setTimeout(() => {
      void this.logout(entry.module, ref).then(() => this.onEvent({ event: "loggedOut", token: ref, reason: "timeout" }));
    }, this.ttlMs);
    // A pending logout must not keep the host alive after the browser closed its pipe.
    entry.timer.unref();
  }

  private forget(ref: TokenRef): void {
    const entry = this.entries.get(keyOf(ref));
    if (entry) clearTimeout(entry.timer);
    this.entries.delete(keyOf(ref));
  }
}

function closeQuietly(lib: pkcs11js.PKCS11, session: pkcs11js.Handle): void {
  try {
    lib.C_CloseSession(session);
  } catch {
    // The session may already be gone with its token.
  }
}

/**
 * PKCS#11 has no standard "tries left"; the token's flags tell whether this is the final
 * try, which is the one number worth showing, and whether the PIN is now locked.
 */
function loginError(lib: pkcs11js.PKCS11, slot: pkcs11js.Handle, error: unknown): KepError {
  const mapped = fromPkcs11Error(error, "login");
  if (ckrCode(error) !== pkcs11js.CKR_PIN_INCORRECT) return mapped;
  try {
    const flags = lib.C_GetTokenInfo(slot).flags;
    if (flags & pkcs11js.CKF_USER_PIN_LOCKED) return new KepError("PIN_LOCKED", "login: the PIN is now locked", mapped.details);
    if (flags & pkcs11js.CKF_USER_PIN_FINAL_TRY) return new KepError("PIN_INCORRECT", "login: CKR_PIN_INCORRECT", { ...mapped.details, triesLeft: 1 });
  } catch {
    // The wrong-PIN error stands on its own without the count.
  }
  return mapped;
}
