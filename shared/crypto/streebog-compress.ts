import { LPS_TABLES, ROUND_CONSTANTS } from "./streebog-tables.ts";

// The compression function g_N of GOST R 34.11-2012 (RFC 6986 § 7) on 512-bit values in the
// word layout described in streebog-tables.ts. This is the hot path: 25 LPS transforms per
// 64-byte block, so it is written for V8: locals instead of array traffic, no allocation.

/** h ← g_N(h, m) = E(LPS(h ⊕ N), m) ⊕ h ⊕ m. */
export const compress: (h: Int32Array, n: Int32Array, m: Int32Array) => void = makeCompress();

/**
 * Tables, constants and scratch arrays are constants of a closure rather than of the module:
 * V8 then embeds their addresses in the optimised code, whereas module-level bindings are
 * reloaded and type-checked at each of the 128 lookups per LPS. Measured with cachegrind on
 * Node 20: 27k instead of 44k instructions per block.
 */
function makeCompress(): (h: Int32Array, n: Int32Array, m: Int32Array) => void {
  const [L0, H0, L1, H1, L2, H2, L3, H3, L4, H4, L5, H5, L6, H6, L7, H7] = LPS_TABLES;
  const roundConstants = ROUND_CONSTANTS;
  // Scratch for the key schedule and the cipher state, reused because compress() never
  // re-enters itself and allocating per block would cost more than hashing a small input.
  const key = new Int32Array(16);
  const state = new Int32Array(16);

  /** out ← LPS(a ⊕ b). All inputs are read before out is written, so out may be a or b. */
  function lpsx(a: Int32Array, b: Int32Array, out: Int32Array): void {
    const l0 = a[0]! ^ b[0]!,
      h0 = a[1]! ^ b[1]!;
    const l1 = a[2]! ^ b[2]!,
      h1 = a[3]! ^ b[3]!;
    const l2 = a[4]! ^ b[4]!,
      h2 = a[5]! ^ b[5]!;
    const l3 = a[6]! ^ b[6]!,
      h3 = a[7]! ^ b[7]!;
    const l4 = a[8]! ^ b[8]!,
      h4 = a[9]! ^ b[9]!;
    const l5 = a[10]! ^ b[10]!,
      h5 = a[11]! ^ b[11]!;
    const l6 = a[12]! ^ b[12]!,
      h6 = a[13]! ^ b[13]!;
    const l7 = a[14]! ^ b[14]!,
      h7 = a[15]! ^ b[15]!;
    // Output 64-bit word i takes byte i of every input word j, through table T_j (L_j low half,
    // H_j high half). Bytes 0..3 sit in the low input halves l_j, bytes 4..7 in the high ones h_j.
    // Fully unrolled: a loop over the byte position measured ~40% slower in V8.
    out[0] = L0[l0 & 255]! ^ L1[l1 & 255]! ^ L2[l2 & 255]! ^ L3[l3 & 255]! ^ L4[l4 & 255]! ^ L5[l5 & 255]! ^ L6[l6 & 255]! ^ L7[l7 & 255]!;
    out[1] = H0[l0 & 255]! ^ H1[l1 & 255]! ^ H2[l2 & 255]! ^ H3[l3 & 255]! ^ H4[l4 & 255]! ^ H5[l5 & 255]! ^ H6[l6 & 255]! ^ H7[l7 & 255]!;
    out[2] =
      L0[(l0 >>> 8) & 255]! ^
      L1[(l1 >>> 8) & 255]! ^
      L2[(l2 >>> 8) & 255]! ^
      L3[(l3 >>> 8) & 255]! ^
      L4[(l4 >>> 8) & 255]! ^
      L5[(l5 >>> 8) & 255]! ^
      L6[(l6 >>> 8) & 255]! ^
      L7[(l7 >>> 8) & 255]!;
    out[3] =
      H0[(l0 >>> 8) & 255]! ^
      H1[(l1 >>> 8) & 255]! ^
      H2[(l2 >>> 8) & 255]! ^
      H3[(l3 >>> 8) & 255]! ^
      H4[(l4 >>> 8) & 255]! ^
      H5[(l5 >>> 8) & 255]! ^
      H6[(l6 >>> 8) & 255]! ^
      H7[(l7 >>> 8) & 255]!;
    out[4] =
      L0[(l0 >>> 16) & 255]! ^
      L1[(l1 >>> 16) & 255]! ^
      L2[(l2 >>> 16) & 255]! ^
      L3[(l3 >>> 16) & 255]! ^
      L4[(l4 >>> 16) & 255]! ^
      L5[(l5 >>> 16) & 255]! ^
      L6[(l6 >>> 16) & 255]! ^
      L7[(l7 >>> 16) & 255]!;
    out[5] =
      H0[(l0 >>> 16) & 255]! ^
      H1[(l1 >>> 16) & 255]! ^
      H2[(l2 >>> 16) & 255]! ^
      H3[(l3 >>> 16) & 255]! ^
      H4[(l4 >>> 16) & 255]! ^
      H5[(l5 >>> 16) & 255]! ^
      H6[(l6 >>> 16) & 255]! ^
      H7[(l7 >>> 16) & 255]!;
    out[6] = L0[l0 >>> 24]! ^ L1[l1 >>> 24]! ^ L2[l2 >>> 24]! ^ L3[l3 >>> 24]! ^ L4[l4 >>> 24]! ^ L5[l5 >>> 24]! ^ L6[l6 >>> 24]! ^ L7[l7 >>> 24]!;
    out[7] = H0[l0 >>> 24]! ^ H1[l1 >>> 24]! ^ H2[l2 >>> 24]! ^ H3[l3 >>> 24]! ^ H4[l4 >>> 24]! ^ H5[l5 >>> 24]! ^ H6[l6 >>> 24]! ^ H7[l7 >>> 24]!;
    out[8] = L0[h0 & 255]! ^ L1[h1 & 255]! ^ L2[h2 & 255]! ^ L3[h3 & 255]! ^ L4[h4 & 255]! ^ L5[h5 & 255]! ^ L6[h6 & 255]! ^ L7[h7 & 255]!;
    out[9] = H0[h0 & 255]! ^ H1[h1 & 255]! ^ H2[h2 & 255]! ^ H3[h3 & 255]! ^ H4[h4 & 255]! ^ H5[h5 & 255]! ^ H6[h6 & 255]! ^ H7[h7 & 255]!;
    out[10] =
      L0[(h0 >>> 8) & 255]! ^
      L1[(h1 >>> 8) & 255]! ^
      L2[(h2 >>> 8) & 255]! ^
      L3[(h3 >>> 8) & 255]! ^
      L4[(h4 >>> 8) & 255]! ^
      L5[(h5 >>> 8) & 255]! ^
      L6[(h6 >>> 8) & 255]! ^
      L7[(h7 >>> 8) & 255]!;
    out[11] =
      H0[(h0 >>> 8) & 255]! ^
      H1[(h1 >>> 8) & 255]! ^
      H2[(h2 >>> 8) & 255]! ^
      H3[(h3 >>> 8) & 255]! ^
      H4[(h4 >>> 8) & 255]! ^
      H5[(h5 >>> 8) & 255]! ^
      H6[(h6 >>> 8) & 255]! ^
      H7[(h7 >>> 8) & 255]!;
    out[12] =
      L0[(h0 >>> 16) & 255]! ^
      L1[(h1 >>> 16) & 255]! ^
      L2[(h2 >>> 16) & 255]! ^
      L3[(h3 >>> 16) & 255]! ^
      L4[(h4 >>> 16) & 255]! ^
      L5[(h5 >>> 16) & 255]! ^
      L6[(h6 >>> 16) & 255]! ^
      L7[(h7 >>> 16) & 255]!;
    out[13] =
      H0[(h0 >>> 16) & 255]! ^
      H1[(h1 >>> 16) & 255]! ^
      H2[(h2 >>> 16) & 255]! ^
      H3[(h3 >>> 16) & 255]! ^
      H4[(h4 >>> 16) & 255]! ^
      H5[(h5 >>> 16) & 255]! ^
      H6[(h6 >>> 16) & 255]! ^
      H7[(h7 >>> 16) & 255]!;
    out[14] = L0[h0 >>> 24]! ^ L1[h1 >>> 24]! ^ L2[h2 >>> 24]! ^ L3[h3 >>> 24]! ^ L4[h4 >>> 24]! ^ L5[h5 >>> 24]! ^ L6[h6 >>> 24]! ^ L7[h7 >>> 24]!;
    out[15] = H0[h0 >>> 24]! ^ H1[h1 >>> 24]! ^ H2[h2 >>> 24]! ^ H3[h3 >>> 24]! ^ H4[h4 >>> 24]! ^ H5[h5 >>> 24]! ^ H6[h6 >>> 24]! ^ H7[h7 >>> 24]!;
  }

  return function compress(h: Int32Array, n: Int32Array, m: Int32Array): void {
    lpsx(h, n, key);
    state.set(m);
    for (let r = 0; r < 12; r++) {
      // Round r + 1 of E: state ← LPS(K ⊕ state), then the next key K ← LPS(K ⊕ C).
      lpsx(key, state, state);
      lpsx(key, roundConstants[r]!, key);
    }
    for (let w = 0; w < 16; w++) h[w] = h[w]! ^ key[w]! ^ state[w]! ^ m[w]!;
  };
}
