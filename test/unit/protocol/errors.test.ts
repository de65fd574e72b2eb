import { describe, expect, it } from "vitest";
import { ERROR_CODES, ERROR_TABLE, describeError, isErrorCode } from "../../../shared/protocol/index.ts";

const REQUIRED = [
  "BAD_REQUEST",
  "VERSION_MISMATCH",
  "MODULE_LOAD_FAILED",
  "TOKEN_NOT_PRESENT",
  "TOKEN_REMOVED",
  "PIN_INCORRECT",
  "PIN_LOCKED",
  "NOT_LOGGED_IN",
  "KEY_NOT_FOUND",
  "CERT_NOT_FOUND",
  "TOKEN_FULL",
  "USER_CANCELLED",
  "ORIGIN_NOT_ALLOWED",
  "TIMEOUT",
  "INTERNAL",
];

describe("error table", () => {
  it("has every required code", () => {
    for (const code of REQUIRED) expect(isErrorCode(code), code).toBe(true);
  });

  it("gives every code a Russian and an English message and hint", () => {
    for (const code of ERROR_CODES) {
      const { ru, en } = ERROR_TABLE[code];
      expect(ru.message, code).toMatch(/[а-яё]/i);
      expect(ru.hint, code).toMatch(/[а-яё]/i);
      expect(en.message, code).toMatch(/^[\x20-\x7e]+$/);
      expect(en.hint.length, code).toBeGreaterThan(0);
    }
  });

  it("reports tries left only when the token told us", () => {
    const withTries = describeError({ code: "PIN_INCORRECT", message: "", details: { triesLeft: 2 } }, "ru");
    expect(`${withTries.message} ${withTries.hint}`).toContain("2");
    const without = describeError({ code: "PIN_INCORRECT", message: "" }, "ru");
    expect(`${without.message} ${without.hint}`).not.toMatch(/\{|undefined/);
  });

  it("names the side to update on a version mismatch", () => {
    const text = describeError({ code: "VERSION_MISMATCH", message: "", details: { host: "1.0.0", extension: "2.0.0", update: "host" } }, "en");
    expect(text.message).toContain("1.0.0");
    expect(text.hint).toContain("host");
  });

  it("never leaves a placeholder unfilled in any language", () => {
    for (const code of ERROR_CODES) {
      for (const lang of ["ru", "en"] as const) {
        const text = describeError({ code, message: "" }, lang);
        expect(`${text.message} ${text.hint}`, `${code}/${lang}`).not.toMatch(/\{\w+\}|undefined/);
      }
    }
  });
});
