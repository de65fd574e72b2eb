import { describe, expect, it } from "vitest";
import { documentPreview, PREVIEW_MAX_CHARS } from "../../../../extension/src/background/document-preview.ts";
import { PageThrottle } from "../../../../extension/src/background/page-throttle.ts";

const utf8 = (text: string) => new TextEncoder().encode(text);

describe("document preview for the confirmation window", () => {
  it("carries a clause that follows a long run of spaces, and the whole length", () => {
    const text = `Договор оферты.${" ".repeat(5000)}Пункт 9: заёмщик передаёт ключ третьим лицам.`;
    const preview = documentPreview(utf8(text))!;
    expect(preview.text).toBe(text);
    expect(preview).toMatchObject({ shownChars: text.length, totalChars: text.length });
  });

  it("cuts a text over the limit and says how long it is, never splitting a character", () => {
    const text = `${"а".repeat(PREVIEW_MAX_CHARS - 1)}😀конец`;
    const preview = documentPreview(utf8(text))!;
    expect(preview.totalChars).toBe(text.length);
    expect(preview.shownChars).toBe(PREVIEW_MAX_CHARS - 1);
    expect(preview.text).toBe("а".repeat(PREVIEW_MAX_CHARS - 1));
  });

  it("keeps a byte-order mark and direction overrides for the window to mark", () => {
    expect(documentPreview(utf8("\uFEFFИНН \u202E3983807077"))!.text).toBe("\uFEFFИНН \u202E3983807077");
  });

  it("treats bytes that are not UTF-8 text, even after the first 4 KiB, as binary", () => {
    expect(documentPreview(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0x01]))).toBeUndefined();
    const late = new Uint8Array([...utf8("a".repeat(5000)), 0xff, 0xfe]);
    expect(documentPreview(late)).toBeUndefined();
  });
});

describe("page call throttle", () => {
  it("admits a tab's calls up to the limit per window, refuses the rest, and lets the tab go on once the window passed", () => {
    let now = 0;
    const throttle = new PageThrottle(5, 1000, () => now);
    const results = Array.from({ length: 8 }, () => throttle.admit(7));
    expect(results).toEqual([true, true, true, true, true, false, false, false]);
    expect(throttle.admit(8)).toBe(true);
    now = 999;
    expect(throttle.admit(7)).toBe(false);
    now = 1000;
    expect(throttle.admit(7)).toBe(true);
  });
});
