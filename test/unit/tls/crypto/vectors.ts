/** Test helpers: hex strings as printed in the standards, and seeded data of any length. */
import { seededRandom } from "../../../fixtures/seeded-random.ts";

export const fromHex = (digits: string): Uint8Array => Uint8Array.from(Buffer.from(digits.replace(/\s+/g, ""), "hex"));
export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

export function seededBytes(seed: number, length: number): Uint8Array {
  const random = seededRandom(seed);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(random() * 256);
  return out;
}

/** Runs data through process() in chunks of the given sizes, cycled. */
export function inChunks(process: (chunk: Uint8Array) => Uint8Array, data: Uint8Array, sizes: number[]): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let p = 0, k = 0; p < data.length; k++) {
    const size = sizes[k % sizes.length]!;
    out.set(process(data.subarray(p, p + size)), p);
    p += size;
  }
  return out;
}
