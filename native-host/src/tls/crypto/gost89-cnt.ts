import { requireBytes, requireLength } from "./checks.ts";
import { encryptionSchedule, feistel, feistelTables } from "./gost89-feistel.ts";
import { gost89Bulk, type Gost89Bulk } from "./gost89-wasm.ts";
import { gost89KeyWords } from "./gost89.ts";
import type { Gost89Sbox } from "./gost89-sboxes.ts";
import { cryptoProKeyMeshing, MESHING_INTERVAL } from "./key-meshing.ts";
import { readLE, writeLE } from "./words.ts";

/**
 * GOST 28147-89 counter ("gamma", RFC 5830 §6) mode with optional CryptoPro key meshing, as
 * gost-engine's gost89-cnt does it for the TLS suite GOST2012-GOST8912-GOST8912: the register
 * starts as E(IV), each step adds C2 = 0x01010101 to its first word modulo 2^32 and
 * C1 = 0x01010104 to its second modulo 2^32 − 1, and the gamma is E(register). With meshing,
 * after every 1024 bytes the key is meshed and the register encrypted under the new key.
 * Encryption and decryption are the same operation; state carries over between calls.
 */
export class Gost89CntStream {
  private readonly sbox: Gost89Sbox;
  private readonly meshing: boolean;
  private readonly tables: Int32Array;
  private readonly bulk: Gost89Bulk | null;
  private key: Uint8Array;
  private keyWords: Int32Array;
  private schedule: Int32Array;
  /** The register (n3, n4) as little-endian words, set from E(IV) when the first gamma is due. */
  private n3 = 0;
  private n4 = 0;
  private started = false;
  private readonly iv: Uint8Array;
  /** Bytes of gamma produced under the current key, as gost-engine counts them. */
  private count = 0;
  /** The last gamma block and how much of it is used, when a call ended inside a block. */
  private readonly gamma = new Uint8Array(8);
  private gammaUsed = 8;
  private readonly words = new Int32Array(2);

  /** `bulk`: the WebAssembly loops for whole blocks, or null for TypeScript alone. */
  constructor(key: Uint8Array, iv: Uint8Array, sbox: Gost89Sbox, meshing: boolean, bulk: Gost89Bulk | null = gost89Bulk()) {
    requireLength("GOST 28147-89 CNT key", key, 32);
    requireLength("GOST 28147-89 CNT IV", iv, 8);
    this.sbox = sbox;
    this.meshing = meshing;
    this.tables = feistelTables(sbox);
    this.bulk = bulk;
    this.key = Uint8Array.from(key);
    this.keyWords = gost89KeyWords(this.key);
    this.schedule = encryptionSchedule(this.keyWords);
    this.iv = Uint8Array.from(iv);
  }

  process(data: Uint8Array): Uint8Array {
    requireBytes("GOST 28147-89 CNT data", data);
    const length = data.length;
    const out = new Uint8Array(length);
    const gamma = this.gamma;
    let p = 0;
    while (this.gammaUsed < 8 && p < length) out[p] = data[p++]! ^ gamma[this.gammaUsed++]!;
    // Whole blocks: XOR the gamma words in without going through the gamma buffer.
    const w = this.words;
    while (length - p >= 8) {
      if (this.bulk) {
        // As many blocks as the current key may still encrypt, in one WebAssembly run.
        this.prepareStep();
        const blocks = Math.min(Math.floor((length - p) / 8), (MESHING_INTERVAL - (this.count % MESHING_INTERVAL)) / 8);
        w[0] = this.n3;
        w[1] = this.n4;
        this.bulk.cnt(this.tables, this.keyWords, w, data, p, out, p, blocks);
        this.n3 = w[0]!;
        this.n4 = w[1]!;
        this.count = (this.count % MESHING_INTERVAL) + 8 * blocks;
        p += 8 * blocks;
        continue;
      }
      this.step();
      writeLE(out, p, readLE(data, p) ^ w[0]!);
      writeLE(out, p + 4, readLE(data, p + 4) ^ w[1]!);
      p += 8;
    }
    if (p < length) {
      this.step();
      writeLE(gamma, 0, w[0]!);
      writeLE(gamma, 4, w[1]!);
      this.gammaUsed = 0;
      while (p < length) out[p] = data[p++]! ^ gamma[this.gammaUsed++]!;
    }
    return out;
  }

  /** Before a step: meshes the key when 1024 bytes are done, and sets the register from E(IV) at the start. */
  private prepareStep(): void {
    if (this.meshing && this.count === MESHING_INTERVAL) this.mesh();
    if (!this.started) {
      const w = this.words;
      feistel(this.tables, this.schedule, readLE(this.iv, 0), readLE(this.iv, 4), w);
      this.n3 = w[0]!;
      this.n4 = w[1]!;
      this.started = true;
    }
  }

  /** Steps the register and leaves the next gamma in this.words. */
  private step(): void {
    const w = this.words;
    this.prepareStep();
    this.n3 = (this.n3 + 0x01010101) | 0;
    const before = this.n4 >>> 0;
    let after = (before + 0x01010104) >>> 0;
    if (after < before) after = (after + 1) >>> 0;
    this.n4 = after | 0;
    feistel(this.tables, this.schedule, this.n3, this.n4, w);
    this.count = (this.count % MESHING_INTERVAL) + 8;
  }

  private mesh(): void {
    const register = new Uint8Array(8);
    writeLE(register, 0, this.n3);
    writeLE(register, 4, this.n4);
    const meshed = cryptoProKeyMeshing(this.key, register, this.sbox);
    this.key = meshed.key;
    this.keyWords = gost89KeyWords(this.key);
    this.schedule = encryptionSchedule(this.keyWords);
    this.n3 = readLE(meshed.iv!, 0);
    this.n4 = readLE(meshed.iv!, 4);
  }
}
