/** Shared setup for the soft-token test files (not part of the harness API). */
import { expect } from "vitest";
import type * as P from "pkcs11js";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { createSofttokenDir, SOFTTOKEN_SRC_DIR, type SofttokenDirOptions } from "./harness.ts";
import { DEFAULT_PINS, initToken, openModule, slotHandle, userSession, type Module } from "./provision/token.ts";

/** A fresh state directory with an initialised token in slot 0 and a user session on it. */
export class TokenFixture {
  readonly dir: string;
  module: Module;
  slot: P.Handle;
  /** RW session logged in as the user. */
  session: P.Handle;

  constructor(opts: SofttokenDirOptions = {}) {
    this.dir = createSofttokenDir(opts);
    this.module = openModule(this.dir);
    this.slot = slotHandle(this.p, 0);
    initToken(this.p, this.slot);
    this.session = userSession(this.p, this.slot, DEFAULT_PINS.pin);
  }

  get p(): P.PKCS11 {
    return this.module.p;
  }

  /** Unloads and reloads the module, like restarting the host process. Leaves no session open. */
  restart(): void {
    this.module.close();
    this.module = openModule(this.dir);
    this.slot = slotHandle(this.p, 0);
  }

  /** Opens a new user session (after restart()). */
  login(pin: string = DEFAULT_PINS.pin): P.Handle {
    this.session = userSession(this.p, this.slot, pin);
    return this.session;
  }

  dispose(): void {
    this.module.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function tokenFixture(opts: SofttokenDirOptions = {}): TokenFixture {
  return new TokenFixture(opts);
}

/** Asserts that a pkcs11js call fails with the named CKR_ code. */
export function expectCkr(call: () => unknown, ckr: string): void {
  expect(call).toThrow(new RegExp(`\\b${ckr}\\b`));
}

/** Standard PKCS#11 values missing from pkcs11js's exports. */
export const CKF_TOKEN_PRESENT = 0x1;
export const CKS_RO_PUBLIC_SESSION = 0;
export const CKS_RO_USER_FUNCTIONS = 1;

/** Where child processes must run so that `import "pkcs11js"` resolves. */
export const REPO_ROOT = join(SOFTTOKEN_SRC_DIR, "..", "..");
