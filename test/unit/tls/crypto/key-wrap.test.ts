import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GOST_CURVES } from "../../../../shared/crypto/gost3410-params.ts";
import { GOST89_SBOXES } from "../../../../native-host/src/tls/crypto/gost89-sboxes.ts";
import { cryptoProKeyDiversify, cryptoProKeyUnwrap, cryptoProKeyWrap, kexp15, kimp15 } from "../../../../native-host/src/tls/crypto/key-wrap.ts";
import { kuznyechik } from "../../../../native-host/src/tls/crypto/kuznyechik.ts";
import { magma } from "../../../../native-host/src/tls/crypto/magma.ts";
import { vko2012 } from "../../../../native-host/src/tls/crypto/vko.ts";
import { gostOpenssl, printedPoint } from "../../x509/openssl-gost.ts";
import { fromHex, seededBytes, toHex } from "./vectors.ts";

const openssl = gostOpenssl();
afterAll(() => openssl.dispose());

describe("KExp15 / KImp15", () => {
  // gost-engine's test_keyexpimp.c (R 1323565.1.017-2018 example).
  const KEY = fromHex("8899aabbccddeeff0011223344556677fedcba98765432100123456789abcdef");
  const CIPHER_KEY = fromHex("202122232425262728292a2b2c2d2e2f38393a3b3c3d3e3f3031323334353637");
  const MAC_KEY = fromHex("08090a0b0c0d0e0f0001020304050607101112131415161718191a1b1c1d1e1f");
  const IV = fromHex("67bed654");
  const EXPORTED = "cfd5a12d5b81b6e1e99c916d07900c6ac12703fb3abded55567bf3742c899c755dafe7b42e3a8bd9";

  it("matches the Magma export example and imports it back", () => {
    expect(toHex(kexp15(magma(CIPHER_KEY), magma(MAC_KEY), KEY, IV))).toBe(EXPORTED);
    expect(toHex(kimp15(magma(CIPHER_KEY), magma(MAC_KEY), fromHex(EXPORTED), IV))).toBe(toHex(KEY));
  });

  it("matches RFC 9189 A.1.3 (PMSEXP of both CTR-OMAC suites, K_EXP_MAC ‖ K_EXP_ENC from KEG)", () => {
    const pms = fromHex("a5576ce7924a24f58113808dbd9ef856f5bdc3b183ce5dadca36a53aa077651d");
    const kuznyechikExport = kexp15(
      kuznyechik(fromHex("1f1cbad8866166f01ffaab0152e24bf4609d5f46a5c899c787900d08b9fcad24")),
      kuznyechik(fromHex("7dac56e48a4dc170faa8fcbae20db845450cccc4c6328bdc8d01157cefa2a5f1")),
      pms,
      fromHex("214a6a298e99e325"),
    );
    expect(toHex(kuznyechikExport)).toBe("250d1b67a270ab04d3f65418e1d380b4cb945f0a3dca51500cf3a1bef37f76c07341a9839ccf6cba7189da61eb67176c");
    const magmaExport = kexp15(
      magma(fromHex("849eb6340bffae6928a3c3e4ff92eccb1e8f0cf7a188368e6b748e52ea378b0c")),
      magma(fromHex("2d8ba8c84cb232ff41f10c3ad924134223254f71e5696d3d29c3e4c9daa6b293")),
      pms,
      fromHex("214a6a29"),
    );
    expect(toHex(magmaExport)).toBe("d7f0f0422367867b25fa4233a954f58bde92e9c9bbfb8816c99f15e6398722a0b2b7bfe8493e9a5c");
  });

  it("round-trips with Kuznyechik and refuses any flipped bit", () => {
    const enc = kuznyechik(seededBytes(1, 32));
    const mac = kuznyechik(seededBytes(2, 32));
    const iv = seededBytes(3, 8);
    const exported = kexp15(enc, mac, KEY, iv);
    expect(exported.length).toBe(48);
    expect(toHex(kimp15(enc, mac, exported, iv))).toBe(toHex(KEY));
    for (const bit of [0, 100, 47 * 8 + 7]) {
      const damaged = Uint8Array.from(exported);
      damaged[bit >> 3]! ^= 1 << (bit & 7);
      expect(() => kimp15(enc, mac, damaged, iv), `bit ${bit}`).toThrow(/MAC/);
    }
  });

  it("checks lengths and matching block sizes", () => {
    expect(() => kexp15(magma(CIPHER_KEY), kuznyechik(MAC_KEY), KEY, IV)).toThrow(RangeError);
    expect(() => kexp15(magma(CIPHER_KEY), magma(MAC_KEY), KEY, new Uint8Array(8))).toThrow(RangeError);
    expect(() => kimp15(magma(CIPHER_KEY), magma(MAC_KEY), new Uint8Array(48), IV)).toThrow(RangeError);
  });
});

/** DER with definite lengths, enough for the key transport structure below. */
function der(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const content = Buffer.concat(parts);
  const n = content.length;
  const length = n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 255];
  return Uint8Array.from([tag, ...length, ...content]);
}

function oid(dotted: string): Uint8Array {
  const [a, b, ...rest] = dotted.split(".").map(Number);
  const bytes = [40 * a! + b!];
  for (const arc of rest) {
    const groups = [arc & 127];
    for (let v = arc >>> 7; v > 0; v >>>= 7) groups.unshift((v & 127) | 128);
    bytes.push(...groups);
  }
  return der(0x06, Uint8Array.from(bytes));
}

describe("CryptoPro key wrap (RFC 4357 §6.3, §6.5)", () => {
  it("wraps a key that openssl pkeyutl -decrypt unwraps from a GostR3410-KeyTransport", () => {
    // The server's key pair and our sender's key pair, both made by OpenSSL; the sender's
    // scalar is read back so that our VKO and wrap produce what a TLS client sends.
    const keyPair = (name: string) => {
      openssl.run(["genpkey", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:A", "-out", `${name}.pem`]);
      const text = openssl.run(["pkey", "-in", `${name}.pem`, "-text", "-noout"]);
      const { x, y } = printedPoint(text);
      return { scalar: BigInt(`0x${/Private key: ([0-9A-F]+)/.exec(text)![1]}`), point: { x: BigInt(`0x${x}`), y: BigInt(`0x${y}`) } };
    };
    const server = keyPair("server");
    const sender = keyPair("sender");
    openssl.run(["pkey", "-in", "sender.pem", "-pubout", "-outform", "DER", "-out", "sender.spki"]);
    const spki = openssl.read("sender.spki");
    const sbox = GOST89_SBOXES["tc26-z"];
    const ukm = seededBytes(5, 8);
    const cek = seededBytes(6, 32);
    const kek = vko2012(GOST_CURVES["1.2.643.2.2.35.1"]!, sender.scalar, server.point, BigInt(`0x${toHex(Uint8Array.from(ukm).reverse())}`), 256);
    const wrapped = cryptoProKeyWrap(kek, cek, ukm, sbox);
    const transport = der(
      0x30,
      der(0x30, der(0x04, wrapped.encryptedKey), der(0x04, wrapped.mac)),
      der(0xa0, oid(sbox.oid), Uint8Array.from([0xa0, ...spki.subarray(1)]), der(0x04, ukm)),
    );
    writeFileSync(join(openssl.dir, "transport.der"), transport);
    openssl.run(["pkeyutl", "-decrypt", "-inkey", "server.pem", "-in", "transport.der", "-out", "cek.bin"]);
    expect(toHex(openssl.read("cek.bin"))).toBe(toHex(cek));
  });

  it("matches a vector captured from gost-engine's keyWrapCryptoPro (TC26-Z box), diversified KEK included", () => {
    const kek = fromHex("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
    const ukm = fromHex("0102030405060708");
    const sbox = GOST89_SBOXES["tc26-z"];
    expect(toHex(cryptoProKeyDiversify(kek, ukm, sbox))).toBe("c8ffc6b8d22ea16fdecbed3c770eb2406537e24300dd10349f57f4c647016c18");
    const wrapped = cryptoProKeyWrap(kek, fromHex("101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f"), ukm, sbox);
    expect(toHex(wrapped.encryptedKey)).toBe("940e6d83505f7725919a76bbc6d5d991315eb9dfc6d77fb8788cb0cef8b925c1");
    expect(toHex(wrapped.mac)).toBe("e77d8bc3");
  });

  it("unwraps what it wraps under every S-box and refuses a damaged key or MAC", () => {
    for (const sbox of Object.values(GOST89_SBOXES)) {
      const kek = seededBytes(7, 32);
      const cek = seededBytes(8, 32);
      const wrapped = cryptoProKeyWrap(kek, cek, seededBytes(9, 8), sbox);
      expect(toHex(cryptoProKeyUnwrap(kek, wrapped, sbox))).toBe(toHex(cek));
      const badKey = { ...wrapped, encryptedKey: Uint8Array.from(wrapped.encryptedKey, (b, i) => (i === 31 ? b ^ 0x80 : b)) };
      expect(() => cryptoProKeyUnwrap(kek, badKey, sbox)).toThrow(/MAC/);
      const badMac = { ...wrapped, mac: Uint8Array.from(wrapped.mac, (b, i) => (i === 0 ? b ^ 1 : b)) };
      expect(() => cryptoProKeyUnwrap(kek, badMac, sbox)).toThrow(/MAC/);
    }
  });

  it("checks the lengths of KEK, CEK and UKM", () => {
    const sbox = GOST89_SBOXES["tc26-z"];
    expect(() => cryptoProKeyWrap(new Uint8Array(31), new Uint8Array(32), new Uint8Array(8), sbox)).toThrow(RangeError);
    expect(() => cryptoProKeyWrap(new Uint8Array(32), new Uint8Array(16), new Uint8Array(8), sbox)).toThrow(RangeError);
    expect(() => cryptoProKeyWrap(new Uint8Array(32), new Uint8Array(32), new Uint8Array(4), sbox)).toThrow(RangeError);
  });
});
