import { describe, expect, it } from "vitest";
import { revealHidden, revealHiddenInText } from "../../../extension/src/ui/visible-marks.ts";

describe("visible marks for hidden characters", () => {
  it("marks every direction override and isolate", () => {
    const all = "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C";
    expect(revealHidden(all)).toBe("⟦U+202A⟧⟦U+202B⟧⟦U+202C⟧⟦U+202D⟧⟦U+202E⟧⟦U+2066⟧⟦U+2067⟧⟦U+2068⟧⟦U+2069⟧⟦U+200E⟧⟦U+200F⟧⟦U+061C⟧");
  });

  it("marks zero-width, soft hyphen, BOM, word joiner, fillers and variation selectors", () => {
    expect(revealHidden("a\u200Bb\u200Cc\u200Dd\u00ADe\uFEFFf\u2060g\u3164h\uFE0Fi\u{E0001}")).toBe(
      "a⟦U+200B⟧b⟦U+200C⟧c⟦U+200D⟧d⟦U+00AD⟧e⟦U+FEFF⟧f⟦U+2060⟧g⟦U+3164⟧h⟦U+FE0F⟧i⟦U+E0001⟧",
    );
  });

  it("keeps line breaks and tabs in a document but marks them in a one-line label", () => {
    expect(revealHiddenInText("a\n\tb\u2028c\u0007")).toBe("a\n\tb⟦U+2028⟧c⟦U+0007⟧");
    expect(revealHidden("Иванов\nИван")).toBe("Иванов⟦U+000A⟧Иван");
  });

  it("leaves ordinary Russian and Latin text, digits and spaces as they are", () => {
    const text = "ООО «Ромашка», ИНН 7707083893, КПП 770701001 — Ivanov I. I.";
    expect(revealHidden(text)).toBe(text);
  });
});
