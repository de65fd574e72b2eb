import { describe, expect, it } from "vitest";
import { CtrOmacProtection, ctrOmacIvLength, type CtrOmacCipher } from "../../../native-host/src/tls/ctr-omac-protection.ts";
import { seededBytes, toHex } from "./crypto/vectors.ts";

const MAC_KEY = seededBytes(21, 32);
const KEY = seededBytes(22, 32);
const FRAGMENT = seededBytes(23, 5000);

/** The encrypted fragment without its encrypted MAC, which also covers the sequence number. */
function encryptedFragment(kind: CtrOmacCipher, iv: Uint8Array, seq: bigint): string {
  return toHex(new CtrOmacProtection(kind, MAC_KEY, KEY, iv).seal(23, 0x0303, seq, FRAGMENT).subarray(0, FRAGMENT.length));
}

// Records 0 to 3 share their TLSTREE keys in both suites, so their gammas differ only by IV_i = IV + seq.
describe.each(["kuznyechik", "magma"] as const)("%s record IVs", (kind) => {
  const n = ctrOmacIvLength(kind);
  const iv = (last: number, fill = 0) => Uint8Array.from({ length: n }, (_, i) => (i === n - 1 ? last : fill));

  it("are the IV plus the sequence number", () => {
    expect(encryptedFragment(kind, iv(5), 3n)).toBe(encryptedFragment(kind, iv(8), 0n));
    expect(encryptedFragment(kind, iv(0xfe), 2n)).toBe(
      encryptedFragment(
        kind,
        Uint8Array.from({ length: n }, (_, i) => (i === n - 2 ? 1 : 0)),
        0n,
      ),
    );
  });

  it("wrap modulo 2^(n/2)", () => {
    expect(encryptedFragment(kind, iv(0xff, 0xff), 1n)).toBe(encryptedFragment(kind, iv(0), 0n));
    expect(encryptedFragment(kind, iv(0xff, 0xff), 1n)).not.toBe(encryptedFragment(kind, iv(1), 0n));
  });

  it("open what they seal", () => {
    const sealed = new CtrOmacProtection(kind, MAC_KEY, KEY, iv(0xff, 0xff)).seal(23, 0x0303, 2n, FRAGMENT);
    expect(toHex(new CtrOmacProtection(kind, MAC_KEY, KEY, iv(0xff, 0xff)).open(23, 0x0303, 2n, sealed))).toBe(toHex(FRAGMENT));
  });
});
