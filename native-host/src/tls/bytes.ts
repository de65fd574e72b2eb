import { protocolError } from "./errors.ts";

/** Bounds-checked reading of TLS wire structures; any overrun is the server's protocol error. */
export class ByteReader {
  private offset = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  private fail(): never {
    throw protocolError(`${this.what} is malformed`, `сообщение ${this.what} искажено`);
  }

  take(length: number): Uint8Array {
    if (length > this.remaining) this.fail();
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  u8(): number {
    return this.take(1)[0]!;
  }

  u16(): number {
    const b = this.take(2);
    return (b[0]! << 8) | b[1]!;
  }

  u24(): number {
    const b = this.take(3);
    return (b[0]! << 16) | (b[1]! << 8) | b[2]!;
  }

  vector8(): Uint8Array {
    return this.take(this.u8());
  }

  vector16(): Uint8Array {
    return this.take(this.u16());
  }

  vector24(): Uint8Array {
    return this.take(this.u24());
  }

  /** The structure must end exactly here: trailing bytes are as wrong as missing ones. */
  end(): void {
    if (this.remaining !== 0) this.fail();
  }
}

export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function u8(value: number): Uint8Array {
  return Uint8Array.of(value);
}

export function u16(value: number): Uint8Array {
  return Uint8Array.of(value >> 8, value & 0xff);
}

export function u24(value: number): Uint8Array {
  return Uint8Array.of(value >> 16, (value >> 8) & 0xff, value & 0xff);
}

export function vector8(body: Uint8Array): Uint8Array {
  if (body.length > 0xff) throw new RangeError("vector too long for a 1-byte length");
  return concat(u8(body.length), body);
}

export function vector16(body: Uint8Array): Uint8Array {
  if (body.length > 0xffff) throw new RangeError("vector too long for a 2-byte length");
  return concat(u16(body.length), body);
}

export function vector24(body: Uint8Array): Uint8Array {
  if (body.length > 0xffffff) throw new RangeError("vector too long for a 3-byte length");
  return concat(u24(body.length), body);
}

/** Big-endian 64-bit sequence number, as record MACs and TLSTREE take it. */
export function seq64(seq: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, seq);
  return out;
}

/** Comparison whose time does not depend on where the first difference is. */
export function equalConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** A little-endian byte string as a number: GOST public key coordinates and UKMs. */
export function littleEndianBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!);
  return value;
}
