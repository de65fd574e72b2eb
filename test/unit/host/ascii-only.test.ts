import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { asciiOnly } from "../../../native-host/src/startup/ascii-only.ts";

describe("asciiOnly", () => {
  it("leaves a bundle's code computing the same values, with no byte above 0x7f", () => {
    const code = `// Σ ← Σ + block; СНИЛС «112-233-445 95» 😀\nconst s = "Сотрудник №1 ‖ ε"; const r = /^[А-Яа-яЁё]+$/.test("Ёлка"); [s, r, s.length];`;
    const escaped = asciiOnly(code);
    expect(Buffer.from(escaped, "utf8").every((byte) => byte < 0x80)).toBe(true);
    expect(runInNewContext(escaped)).toEqual(runInNewContext(code));
  });
});
