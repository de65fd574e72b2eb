import { requireLength } from "./checks.ts";
import { kdf256 } from "./kdf.ts";

/**
 * TLSTREE of RFC 9189: the record key for sequence number seq is
 * KDF_3(KDF_2(KDF_1(K_root, STR_8(seq & C1)), STR_8(seq & C2)), STR_8(seq & C3)), KDF_j being
 * KDF_GOSTR3411_2012_256 with the label "level" j and STR_8 big-endian, with the suite's
 * constants C1..C3 (gost-engine's gost_tlstree).
 */

const SUITE_CONSTANTS = {
  kuznyechik: [0xffffffff00000000n, 0xfffffffffff80000n, 0xffffffffffffffc0n],
  magma: [0xffffffc000000000n, 0xfffffffffe000000n, 0xfffffffffffff000n],
} as const;

const LABELS = ["level1", "level2", "level3"].map((l) => new TextEncoder().encode(l));

function str8(value: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value);
  return out;
}

/**
 * The last derivation per root key object. A connection asks for the key of every record,
 * while level 3 changes only every 64 (Kuznyechik) or 4096 (Magma) records and the upper
 * levels far more rarely, so each level is recomputed only when its seed changes. The entry
 * keeps a copy of the root and is used only while the bytes still match it.
 */
interface Derivation {
  readonly kind: "kuznyechik" | "magma";
  readonly root: Uint8Array;
  readonly seeds: (bigint | null)[];
  readonly keys: Uint8Array[];
}
const derivations = new WeakMap<Uint8Array, Derivation>();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function tlsTree(kind: "kuznyechik" | "magma", rootKey: Uint8Array, seqnum: bigint): Uint8Array {
  requireLength("TLSTREE root key", rootKey, 32);
  const constants = SUITE_CONSTANTS[kind];
  if (!constants) throw new RangeError(`TLSTREE: unknown cipher ${String(kind)}`);
  if (typeof seqnum !== "bigint" || seqnum < 0n || seqnum > 0xffffffffffffffffn) {
    throw new RangeError("TLSTREE: the sequence number must be a 64-bit unsigned bigint");
  }
  let d = derivations.get(rootKey);
  if (!d || d.kind !== kind || !sameBytes(d.root, rootKey)) {
    d = { kind, root: Uint8Array.from(rootKey), seeds: [null, null, null], keys: [] };
    derivations.set(rootKey, d);
  }
  let key = d.root;
  let recompute = false;
  for (let level = 0; level < 3; level++) {
    const seed = seqnum & constants[level]!;
    if (recompute || d.seeds[level] !== seed) {
      recompute = true;
      d.seeds[level] = seed;
      d.keys[level] = kdf256(key, LABELS[level]!, str8(seed));
    }
    key = d.keys[level]!;
  }
  return Uint8Array.from(key);
}
