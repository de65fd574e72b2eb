/** The few DER encoders the fixture needs to build SPKIs and FNS-shaped certificates by hand. */

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...body: Uint8Array[]): Buffer {
  const content = Buffer.concat(body);
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

export const seq = (...items: Uint8Array[]): Buffer => tlv(0x30, ...items);
export const set = (...items: Uint8Array[]): Buffer => tlv(0x31, ...items);
export const explicit = (n: number, ...items: Uint8Array[]): Buffer => tlv(0xa0 + n, ...items);
export const implicitPrimitive = (n: number, body: Uint8Array): Buffer => tlv(0x80 + n, body);
export const octetString = (b: Uint8Array): Buffer => tlv(0x04, b);
export const bitString = (b: Uint8Array): Buffer => tlv(0x03, Buffer.from([0]), b);
export const boolean = (v: boolean): Buffer => tlv(0x01, Buffer.from([v ? 0xff : 0]));
export const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, "utf8"));
export const printable = (s: string): Buffer => tlv(0x13, Buffer.from(s, "ascii"));
export const ia5 = (s: string): Buffer => tlv(0x16, Buffer.from(s, "ascii"));
/** RFC 9215 requires NumericString for INN, INNLE, OGRN, OGRNIP and SNILS. */
export const numeric = (s: string): Buffer => tlv(0x12, Buffer.from(s, "ascii"));

export function oid(dotted: string): Buffer {
  const parts = dotted.split(".").map(Number);
  const [a = 0, b = 0, ...rest] = parts;
  const out: number[] = [a * 40 + b];
  for (const part of rest) {
    const chunk: number[] = [];
    for (let v = part; ; v = Math.floor(v / 128)) {
      chunk.unshift((v & 0x7f) | (chunk.length ? 0x80 : 0));
      if (v < 128) break;
    }
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** A non-negative INTEGER from big-endian magnitude bytes. */
export function integer(magnitude: Uint8Array | number): Buffer {
  let bytes = typeof magnitude === "number" ? Buffer.from([magnitude]) : Buffer.from(magnitude);
  while (bytes.length > 1 && bytes[0] === 0 && (bytes[1] ?? 0) < 0x80) bytes = bytes.subarray(1);
  if ((bytes[0] ?? 0) >= 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 §4.1.2.5 demands. */
export function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`, "ascii")) : tlv(0x18, Buffer.from(`${iso}Z`, "ascii"));
}

/** Content bytes only, for IMPLICIT [n] GeneralizedTime fields. */
export function generalizedTimeBody(d: Date): Buffer {
  return Buffer.from(`${d.toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z`, "ascii");
}

export interface Tlv {
  readonly tag: number;
  /** The whole element, header included. */
  readonly raw: Buffer;
  readonly content: Buffer;
}

export function readTlv(buf: Buffer, offset = 0): Tlv {
  const tag = buf[offset] ?? -1;
  let len = buf[offset + 1] ?? 0;
  let header = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[offset + 2 + i] ?? 0);
    header += n;
  }
  const end = offset + header + len;
  if (tag < 0 || end > buf.length) throw new Error("truncated DER");
  return { tag, raw: buf.subarray(offset, end), content: buf.subarray(offset + header, end) };
}

/** The elements inside a constructed TLV, each with its exact original bytes. */
export function children(parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let off = 0; off < parent.content.length;) {
    const child = readTlv(parent.content, off);
    out.push(child);
    off += child.raw.length;
  }
  return out;
}
