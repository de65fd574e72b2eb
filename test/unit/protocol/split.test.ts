import { describe, expect, it } from "vitest";
import { PartAssembler, splitSerialized } from "../../../shared/protocol/index.ts";

describe("response splitting", () => {
  it("round-trips text with astral characters without splitting a surrogate pair", () => {
    const text = "Сертификат 🔐".repeat(1000);
    const parts = splitSerialized(7, text, 13);
    for (const part of parts) {
      expect(() => new TextEncoder().encode(part.chunk)).not.toThrow();
      const last = part.chunk.charCodeAt(part.chunk.length - 1);
      expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
    }
    const assembler = new PartAssembler();
    const results = parts.map((p) => assembler.add(p));
    expect(results.slice(0, -1).every((r) => r === undefined)).toBe(true);
    expect(results.at(-1)).toBe(text);
  });

  it("rejects parts out of order and forgets the broken response", () => {
    const parts = splitSerialized(1, "abcdefghij", 3);
    const assembler = new PartAssembler();
    assembler.add(parts[0]!);
    expect(() => assembler.add(parts[2]!)).toThrow(/part 2/);
    expect(assembler.add(parts[0]!)).toBeUndefined();
  });
});
