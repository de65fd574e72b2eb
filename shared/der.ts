/**
 * The few DER primitives PKCS#11 attributes need: CKA_GOSTR3410_PARAMS and CKA_EC_PARAMS
 * hold an encoded OBJECT IDENTIFIER, CKA_EC_POINT an encoded OCTET STRING.
 */

function readLength(der: Uint8Array, offset: number): { length: number; start: number } {
  const first = der[offset];
  if (first === undefined) throw new Error("DER: truncated length");
  if (first < 0x80) return { length: first, start: offset + 1 };
  const count = first & 0x7f;
  if (count === 0 || count > 4) throw new Error("DER: unsupported length form");
  let length = 0;
  for (let i = 1; i <= count; i++) {
    const b = der[offset + i];
    if (b === undefined) throw new Error("DER: truncated length");
    length = length * 256 + b;
  }
  return { length, start: offset + 1 + count };
}

/** Content of a single TLV with the expected tag; throws on another tag or bad length. */
export function derContent(der: Uint8Array, tag: number): Uint8Array {
  if (der[0] !== tag) throw new Error(`DER: expected tag 0x${tag.toString(16)}`);
  const { length, start } = readLength(der, 1);
  if (start + length !== der.length) throw new Error("DER: length does not match");
  return der.subarray(start, start + length);
}

export function decodeOid(der: Uint8Array): string {
  const body = derContent(der, 0x06);
  if (body.length === 0) throw new Error("DER: empty OID");
  const parts: number[] = [];
  let value = 0;
  for (const b of body) {
    value = value * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  const first = parts.shift()!;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...parts].join(".");
}

export function encodeOid(oid: string): Uint8Array {
  const nums = oid.split(".").map(Number);
  if (nums.length < 2 || nums.some((n) => !Number.isSafeInteger(n) || n < 0)) throw new Error(`bad OID ${oid}`);
  const arcs = [nums[0]! * 40 + nums[1]!, ...nums.slice(2)];
  const body: number[] = [];
  for (const arc of arcs) {
    const bytes = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) bytes.unshift((v & 0x7f) | 0x80);
    body.push(...bytes);
  }
  return Uint8Array.from([0x06, body.length, ...body]);
}
