/**
 * A minimal DER TLV reader for the few small structures the schema library has no class
 * for (GOST key parameters, RSAPublicKey, raw string values). shared/der.ts only reads a
 * single TLV that spans the whole buffer; these need to walk a sequence of them.
 */

export interface Tlv {
  tag: number;
  body: Uint8Array;
  /** The whole TLV, header included. */
  raw: Uint8Array;
  /** Offset just past this TLV in the buffer it was read from. */
  end: number;
}

/** One TLV at `offset`, or null when the bytes there are not a complete DER TLV. */
export function readTlv(der: Uint8Array, offset = 0): Tlv | null {
  const tag = der[offset];
  const first = der[offset + 1];
  if (tag === undefined || first === undefined) return null;
  let length = first;
  let start = offset + 2;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) return null;
    length = 0;
    for (let i = 0; i < count; i++) {
      const b = der[start + i];
      if (b === undefined) return null;
      length = length * 256 + b;
    }
    start += count;
  }
  const end = start + length;
  if (end > der.length) return null;
  return { tag, body: der.subarray(start, end), raw: der.subarray(offset, end), end };
}

/** The TLVs that make up a constructed value's body, or null if it does not split cleanly. */
export function readChildren(body: Uint8Array): Tlv[] | null {
  const out: Tlv[] = [];
  for (let offset = 0; offset < body.length;) {
    const tlv = readTlv(body, offset);
    if (!tlv) return null;
    out.push(tlv);
    offset = tlv.end;
  }
  return out;
}
