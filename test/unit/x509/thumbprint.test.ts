import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { certificateThumbprint, THUMBPRINT_PATTERN } from "../../../shared/x509/thumbprint.ts";

/** Deterministic bytes: lengths around the 55/56/64-byte padding edges and several blocks. */
function bytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
}

describe("thumbprint", () => {
  it("is SHA-1 in upper-case hex, as OpenSSL computes it, at every padding edge", () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 4099]) {
      const data = bytes(length, length + 1);
      const expected = createHash("sha1").update(data).digest("hex").toUpperCase();
      expect(certificateThumbprint(data)).toBe(expected);
      expect(certificateThumbprint(data)).toMatch(THUMBPRINT_PATTERN);
    }
  });

  it("matches the FIPS 180 example", () => {
    expect(certificateThumbprint(new TextEncoder().encode("abc"))).toBe("A9993E364706816ABA3E25717850C26C9CD0D89D");
  });
});
