/**
 * The CryptoPro suite's records, as OpenSSL with gost-engine makes them: the MAC is
 * gost-mac-12 (GOST 28147-89 IMIT, TC26-Z S-box, key meshing, 4 bytes) and the encryption
 * GOST 28147-89 CNT with CryptoPro key meshing. Both run on across all records of a direction
 * (TLS1_STREAM_MAC): a record's MAC is the IMIT of every MAC input so far, its own included.
 */
import { equalConstantTime } from "./bytes.ts";
import { Gost89CntStream } from "./crypto/gost89-cnt.ts";
import { Gost89Imit } from "./crypto/gost89-imit.ts";
import { GOST89_SBOXES } from "./crypto/gost89-sboxes.ts";
import { TlsError } from "./errors.ts";
import { macInput, type RecordProtection } from "./record-protection.ts";

const MAC_BYTES = 4;
const SBOX = GOST89_SBOXES["tc26-z"];

export class Gost89Protection implements RecordProtection {
  private readonly stream: Gost89CntStream;
  private readonly imit: Gost89Imit;

  constructor(macKey: Uint8Array, key: Uint8Array, iv: Uint8Array) {
    this.stream = new Gost89CntStream(key, iv, SBOX, true);
    this.imit = new Gost89Imit(macKey, SBOX, true);
  }

  private mac(type: number, version: number, seq: bigint, fragment: Uint8Array): Uint8Array {
    this.imit.update(macInput(type, version, seq, fragment));
    return this.imit.copy().digest();
  }

  seal(type: number, version: number, seq: bigint, fragment: Uint8Array): Uint8Array {
    const plain = new Uint8Array(fragment.length + MAC_BYTES);
    plain.set(fragment);
    plain.set(this.mac(type, version, seq, fragment), fragment.length);
    return this.stream.process(plain);
  }

  open(type: number, version: number, seq: bigint, ciphertext: Uint8Array): Uint8Array {
    const plain = this.stream.process(ciphertext);
    if (plain.length < MAC_BYTES) throw new TlsError("TLS_BAD_RECORD_MAC", "record shorter than its MAC");
    const fragment = plain.subarray(0, plain.length - MAC_BYTES);
    if (!equalConstantTime(this.mac(type, version, seq, fragment), plain.subarray(fragment.length))) {
      throw new TlsError("TLS_BAD_RECORD_MAC", "record MAC does not match");
    }
    return fragment;
  }
}
