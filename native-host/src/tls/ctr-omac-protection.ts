/**
 * Records of the RFC 9189 suites (§4.1): each record gets its own keys from TLSTREE on its
 * sequence number, its MAC is the full-block OMAC of the TLS MAC input, and fragment ‖ MAC is
 * encrypted from IV_i = (IV + seq) mod 2^(n/2) in CTR-ACPKM, as OpenSSL's gost-engine does
 * (sections of 4096 bytes for Kuznyechik, 1024 for Magma), which RFC 9189's plain CTR only
 * matches for records shorter than one section.
 */
import { equalConstantTime } from "./bytes.ts";
import type { BlockCipher } from "./crypto/block-cipher.ts";
import { CtrAcpkmStream } from "./crypto/ctr-acpkm.ts";
import { kuznyechik } from "./crypto/kuznyechik.ts";
import { magma } from "./crypto/magma.ts";
import { Omac } from "./crypto/omac.ts";
import { tlsTree } from "./crypto/tlstree.ts";
import { TlsError } from "./errors.ts";
import { macHeader, type RecordProtection } from "./record-protection.ts";

export type CtrOmacCipher = "kuznyechik" | "magma";

const CIPHERS: Record<CtrOmacCipher, (key: Uint8Array) => BlockCipher> = { kuznyechik, magma };
const ACPKM_SECTION: Record<CtrOmacCipher, number> = { kuznyechik: 4096, magma: 1024 };
/**
 * Ciphers kept for keys seen lately. TLSTREE gives the same keys to 64 Kuznyechik (4096 Magma)
 * records in a row, and the same key runs through the same CTR-ACPKM section keys, so a
 * record's six or so key schedules are made once per 64 records instead of for each; a few
 * more than one run's keys, then all are dropped.
 */
const CACHED_CIPHERS = 16;

/** The fixed IV is half a block: 8 bytes for Kuznyechik, 4 for Magma. */
export function ctrOmacIvLength(kind: CtrOmacCipher): number {
  return kind === "kuznyechik" ? 8 : 4;
}

/** IV_i = (IV + seq) mod 2^(n/2), the IV being 8 (Kuznyechik) or 4 (Magma) big-endian bytes. */
function recordIv(iv: Uint8Array, seq: bigint): Uint8Array {
  const out = new Uint8Array(iv.length);
  const ivView = new DataView(iv.buffer, iv.byteOffset, iv.length);
  const outView = new DataView(out.buffer);
  if (iv.length === 8) outView.setBigUint64(0, BigInt.asUintN(64, ivView.getBigUint64(0) + seq));
  else outView.setUint32(0, (ivView.getUint32(0) + Number(BigInt.asUintN(32, seq))) >>> 0);
  return out;
}

export class CtrOmacProtection implements RecordProtection {
  private readonly macBytes: number;
  private readonly ciphers = new Map<string, BlockCipher>();
  private readonly cipherFor = (key: Uint8Array): BlockCipher => {
    const id = Buffer.from(key.buffer, key.byteOffset, key.length).toString("latin1");
    let cipher = this.ciphers.get(id);
    if (!cipher) {
      if (this.ciphers.size >= CACHED_CIPHERS) this.ciphers.clear();
      cipher = CIPHERS[this.kind](key);
      this.ciphers.set(id, cipher);
    }
    return cipher;
  };

  constructor(
    private readonly kind: CtrOmacCipher,
    private readonly macKey: Uint8Array,
    private readonly key: Uint8Array,
    private readonly iv: Uint8Array,
  ) {
    if (iv.length !== ctrOmacIvLength(kind)) throw new RangeError(`${kind} record IV must be ${ctrOmacIvLength(kind)} bytes`);
    this.macBytes = 2 * iv.length;
  }

  private mac(type: number, version: number, seq: bigint, fragment: Uint8Array): Uint8Array {
    const cipher = this.cipherFor(tlsTree(this.kind, this.macKey, seq));
    return new Omac(cipher)
      .update(macHeader(type, version, seq, fragment.length))
      .update(fragment)
      .digest();
  }

  private crypt(seq: bigint, data: Uint8Array): Uint8Array {
    const key = tlsTree(this.kind, this.key, seq);
    return new CtrAcpkmStream(this.cipherFor, key, recordIv(this.iv, seq), ACPKM_SECTION[this.kind]).process(data);
  }

  seal(type: number, version: number, seq: bigint, fragment: Uint8Array): Uint8Array {
    const plain = new Uint8Array(fragment.length + this.macBytes);
    plain.set(fragment);
    plain.set(this.mac(type, version, seq, fragment), fragment.length);
    return this.crypt(seq, plain);
  }

  open(type: number, version: number, seq: bigint, ciphertext: Uint8Array): Uint8Array {
    if (ciphertext.length < this.macBytes) throw new TlsError("TLS_BAD_RECORD_MAC", "record shorter than its MAC");
    const plain = this.crypt(seq, ciphertext);
    const fragment = plain.subarray(0, plain.length - this.macBytes);
    if (!equalConstantTime(this.mac(type, version, seq, fragment), plain.subarray(fragment.length))) {
      throw new TlsError("TLS_BAD_RECORD_MAC", "record MAC does not match");
    }
    return fragment;
  }
}
