import { requireBytes, requireLength } from "./checks.ts";
import { feistel16, feistelTables } from "./gost89-feistel.ts";
import { gost89Bulk, type Gost89Bulk } from "./gost89-wasm.ts";
import { gost89KeyWords } from "./gost89.ts";
import type { Gost89Sbox } from "./gost89-sboxes.ts";
import { cryptoProKeyMeshing, MESHING_INTERVAL } from "./key-meshing.ts";
import { readLE, writeLE } from "./words.ts";

/**
 * The GOST 28147-89 MAC ("imitovstavka", RFC 5830 §8) as gost-engine computes gost-mac and
 * gost-mac-12: 16-round encryption of the running XOR, the last partial block zero-padded, a
 * zero block appended when the message is one block or less, and the first 4 bytes of the
 * state as the MAC. With meshing, the key is meshed (without IV) after every 1024 bytes.
 * An optional IV starts the state at that value instead of zero (RFC 4357 §6.3 key wrap).
 */
export class Gost89Imit {
  private readonly sbox: Gost89Sbox;
  private readonly meshing: boolean;
  private readonly tables: Int32Array;
  private readonly bulk: Gost89Bulk | null;
  private key: Uint8Array;
  private keyWords: Int32Array;
  private readonly state = new Int32Array(2);
  private readonly block = new Uint8Array(8);
  private buffered = 0;
  /** Blocks absorbed under the current key, in bytes, as gost-engine counts them. */
  private count = 0;
  private blocks = 0;
  private finished = false;

  /** `bulk`: the WebAssembly loop for whole blocks, or null for TypeScript alone. */
  constructor(key: Uint8Array, sbox: Gost89Sbox, meshing: boolean, iv: Uint8Array | null = null, bulk: Gost89Bulk | null = gost89Bulk()) {
    requireLength("GOST 28147-89 MAC key", key, 32);
    this.sbox = sbox;
    this.meshing = meshing;
    this.tables = feistelTables(sbox);
    this.bulk = bulk;
    this.key = Uint8Array.from(key);
    this.keyWords = gost89KeyWords(this.key);
    if (iv !== null) {
      requireLength("GOST 28147-89 MAC IV", iv, 8);
      this.state[0] = readLE(iv, 0);
      this.state[1] = readLE(iv, 4);
    }
  }

  update(data: Uint8Array): void {
    requireBytes("GOST 28147-89 MAC data", data);
    if (this.finished) throw new Error("GOST 28147-89 MAC: update() after digest()");
    let p = 0;
    const length = data.length;
    // A full block stays buffered until more data arrives, so that digest() can tell a
    // one-block message (which gets a zero block appended) from a longer one.
    while (p < length) {
      if (this.buffered === 8) {
        this.absorb(this.block, 0);
        this.buffered = 0;
      }
      if (this.buffered === 0) {
        while (length - p > 8) {
          if (!this.bulk) {
            this.absorb(data, p);
            p += 8;
            continue;
          }
          // Every whole block but the last, up to the next key meshing, in one WebAssembly run.
          this.meshWhenDue();
          const blocks = Math.min(Math.floor((length - p - 1) / 8), (MESHING_INTERVAL - (this.count % MESHING_INTERVAL)) / 8);
          this.bulk.imit(this.tables, this.keyWords, this.state, data, p, blocks);
          this.count = (this.count % MESHING_INTERVAL) + 8 * blocks;
          this.blocks += blocks;
          p += 8 * blocks;
        }
      }
      const take = Math.min(8 - this.buffered, length - p);
      this.block.set(data.subarray(p, p + take), this.buffered);
      this.buffered += take;
      p += take;
    }
  }

  /**
   * An independent copy of the running state, for a MAC over a stream read at several points:
   * the TLS CryptoPro suite MACs each record with the MAC of all records so far (OpenSSL's
   * TLS1_STREAM_MAC), which is the digest of a copy.
   */
  copy(): Gost89Imit {
    if (this.finished) throw new Error("GOST 28147-89 MAC: copy() after digest()");
    const twin = new Gost89Imit(this.key, this.sbox, this.meshing, null, this.bulk);
    twin.state.set(this.state);
    twin.block.set(this.block);
    twin.buffered = this.buffered;
    twin.count = this.count;
    twin.blocks = this.blocks;
    return twin;
  }

  /** The 4-byte MAC. A Gost89Imit is single-use. */
  digest(): Uint8Array {
    if (this.finished) throw new Error("GOST 28147-89 MAC: digest() called twice");
    this.finished = true;
    if (this.buffered > 0) {
      this.block.fill(0, this.buffered);
      this.absorb(this.block, 0);
      if (this.blocks === 1) {
        this.block.fill(0);
        this.absorb(this.block, 0);
      }
    }
    const out = new Uint8Array(8);
    writeLE(out, 0, this.state[0]!);
    writeLE(out, 4, this.state[1]!);
    return out.slice(0, 4);
  }

  private meshWhenDue(): void {
    if (this.meshing && this.count === MESHING_INTERVAL) {
      this.key = cryptoProKeyMeshing(this.key, null, this.sbox).key;
      this.keyWords = gost89KeyWords(this.key);
    }
  }

  private absorb(data: Uint8Array, at: number): void {
    this.meshWhenDue();
    const s = this.state;
    feistel16(this.tables, this.keyWords, s[0]! ^ readLE(data, at), s[1]! ^ readLE(data, at + 4), s);
    this.count = (this.count % MESHING_INTERVAL) + 8;
    this.blocks++;
  }
}

export function gost89Imit(key: Uint8Array, sbox: Gost89Sbox, data: Uint8Array, meshing = true): Uint8Array {
  const mac = new Gost89Imit(key, sbox, meshing);
  mac.update(data);
  return mac.digest();
}
