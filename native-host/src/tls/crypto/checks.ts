/** Argument checks shared by the primitives: a wrong length is a programming error, never data to guess around. */

export function requireBytes(what: string, value: unknown): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${what} must be a Uint8Array`);
}

export function requireLength(what: string, value: Uint8Array, length: number): void {
  requireBytes(what, value);
  if (value.length !== length) throw new RangeError(`${what} must be ${length} bytes, got ${value.length}`);
}

/** Checks that [offset, offset + length) lies inside buffer. */
export function requireRange(what: string, buffer: Uint8Array, offset: number, length: number): void {
  if (!Number.isInteger(offset) || offset < 0 || offset + length > buffer.length) {
    throw new RangeError(`${what}: ${length} bytes at offset ${offset} do not fit a ${buffer.length}-byte buffer`);
  }
}
