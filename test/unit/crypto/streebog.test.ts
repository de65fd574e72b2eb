import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Streebog, streebog256, streebog512, type BlockAbsorber } from "../../../shared/crypto/streebog.ts";
import { createWasmAbsorber } from "../../../shared/crypto/streebog-wasm.ts";
import { seededRandom } from "../../fixtures/seeded-random.ts";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
/** The standard (RFC 6986 § 10) prints messages and hashes as numbers, most significant byte first. */
const fromStandard = (digits: string): Uint8Array => Uint8Array.from(Buffer.from(digits, "hex").reverse());

const prng = seededRandom;

function randomBytes(random: () => number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(random() * 256);
  return out;
}

const workDir = mkdtempSync(join(tmpdir(), "streebog-test-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/**
 * Digests of many files from one openssl run, through the GOST engine. Throws, and so fails the
 * test, when openssl or the engine is missing: these tests are the correctness oracle.
 */
function opensslDigests(bits: 256 | 512, files: string[]): Map<string, string> {
  const out = execFileSync("openssl", ["dgst", "-engine", "gost", `-streebog${bits}`, "-r", ...files], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const digests = new Map<string, string>();
  for (const line of out.trim().split("\n")) {
    const match = /^([0-9a-f]+) \*(.+)$/.exec(line);
    if (!match) throw new Error(`unexpected openssl output line: ${line}`);
    digests.set(match[2]!, match[1]!);
  }
  if (digests.size !== new Set(files).size) throw new Error(`openssl printed ${digests.size} digests for ${files.length} files`);
  return digests;
}

/** The two engines for whole blocks: TypeScript alone (the extension) and WebAssembly (the host). */
const wasm = createWasmAbsorber();
const ENGINES: { engine: string; blocks: BlockAbsorber | null }[] = [
  { engine: "TypeScript", blocks: null },
  { engine: "WebAssembly", blocks: wasm },
];

/** Hashes data through update() calls split at the given chunk sizes (cycled). */
function chunked(bits: 256 | 512, data: Uint8Array, sizes: number[], blocks: BlockAbsorber | null = null): Uint8Array {
  const hash = new Streebog(bits, blocks);
  for (let p = 0, k = 0; p < data.length; k++) {
    const size = sizes[k % sizes.length]!;
    hash.update(data.subarray(p, p + size));
    p += size;
  }
  return hash.digest();
}

describe("GOST R 34.11-2012 test examples (RFC 6986 § 10)", () => {
  // Example 1: the 63 digits "012345678901…012" (the standard prints them reversed).
  const M1 = fromStandard("323130393837363534333231303938373635343332313039383736353433323130393837363534333231303938373635343332313039383736353433323130");
  // Example 2: 72 bytes of Cyrillic text in Windows-1251.
  const M2 = fromStandard(
    "fbe2e5f0eee3c820fbeafaebef20fffbf0e1e0f0f520e0ed20e8ece0ebe5f0f2f120fff0eeec20f120faf2fee5e2202ce8f6f3ede220e8e6eee1e8f0f2d1202ce8f0f2e5e220e5d1",
  );

  it("decodes the messages to the texts the standard describes", () => {
    expect(Buffer.from(M1).toString("latin1")).toBe("012345678901234567890123456789012345678901234567890123456789012");
    expect(M1.length).toBe(63);
    expect(new TextDecoder("windows-1251").decode(M2)).toBe("Се ветри, Стрибожи внуци, веютъ с моря стрелами на храбрыя плъкы Игоревы");
    expect(M2.length).toBe(72);
  });

  it("M1, 512-bit", () => {
    expect(hex(streebog512(M1))).toBe(
      hex(fromStandard("486f64c1917879417fef082b3381a4e211c324f074654c38823a7b76f830ad00fa1fbae42b1285c0352f227524bc9ab16254288dd6863dccd5b9f54a1ad0541b")),
    );
  });

  it("M1, 256-bit", () => {
    expect(hex(streebog256(M1))).toBe(hex(fromStandard("00557be5e584fd52a449b16b0251d05d27f94ab76cbaa6da890b59d8ef1e159d")));
  });

  it("M2, 512-bit", () => {
    expect(hex(streebog512(M2))).toBe(
      hex(fromStandard("28fbc9bada033b1460642bdcddb90c3fb3e56c497ccd0f62b8a2ad4935e85f037613966de4ee00531ae60f3b5a47f8dae06915d5f2f194996fcabf2622e6881e")),
    );
  });

  it("M2, 256-bit", () => {
    expect(hex(streebog256(M2))).toBe(hex(fromStandard("508f7e553c06501d749a66fc28c6cac0b005746d97537fa85d9e40904efed29d")));
  });

  it("prints like openssl: the reversed standard notation", () => {
    expect(hex(streebog256(M1))).toBe("9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500");
  });
});

describe.each(ENGINES)("equality with OpenSSL + GOST engine ($engine)", ({ blocks }) => {
  const random = prng(0x5eeb06);
  const special = [0, 1, 2, 31, 32, 33, 55, 56, 63, 64, 65, 127, 128, 129, 191, 192, 193, 4095, 4096, 4097, 5000];
  const lengths = [...special, ...Array.from({ length: 220 }, () => Math.floor(random() * 5001))];
  const inputs = lengths.map((length, i) => {
    const data = randomBytes(random, length);
    const file = join(workDir, `input-${i}.bin`);
    writeFileSync(file, data);
    return { file, data };
  });
  // Inputs of all-0x00 and all-0xff bytes exercise the carries of the block sum Σ.
  for (const [i, byte] of [0x00, 0xff].entries()) {
    for (const length of [64, 128, 1000]) {
      const data = new Uint8Array(length).fill(byte);
      const file = join(workDir, `fill-${i}-${length}.bin`);
      writeFileSync(file, data);
      inputs.push({ file, data });
    }
  }

  for (const bits of [256, 512] as const) {
    it(`Streebog-${bits} equals openssl on ${inputs.length} inputs of 0..5000 bytes`, () => {
      const expected = opensslDigests(
        bits,
        inputs.map((input) => input.file),
      );
      const mismatches = inputs.filter(({ file, data }) => {
        const ours = hex(new Streebog(bits, blocks).update(data).digest());
        return ours !== expected.get(file);
      });
      expect(mismatches.map(({ data }) => data.length)).toEqual([]);
    });
  }
});

describe.each(ENGINES)("incremental hashing ($engine)", ({ blocks }) => {
  const random = prng(42);
  const samples = [0, 1, 63, 64, 65, 127, 128, 129, 1000, 4097].map((length) => randomBytes(random, length));

  for (const bits of [256, 512] as const) {
    for (const sizes of [[1], [7], [63], [64], [65], [3, 64, 1, 129, 0, 62]]) {
      it(`Streebog-${bits} in chunks of ${sizes.join(",")} equals one-shot`, () => {
        for (const data of samples) expect(hex(chunked(bits, data, sizes, blocks))).toBe(hex(new Streebog(bits, blocks).update(data).digest()));
      });
    }

    it(`Streebog-${bits} at random split points equals one-shot`, () => {
      for (let round = 0; round < 50; round++) {
        const data = randomBytes(random, Math.floor(random() * 3000));
        const sizes = Array.from({ length: 1 + Math.floor(random() * 8) }, () => Math.floor(random() * 200));
        if (!sizes.some((size) => size > 0)) sizes.push(1);
        expect(hex(chunked(bits, data, sizes, blocks))).toBe(hex(new Streebog(bits, blocks).update(data).digest()));
      }
    });
  }

  it("hashes a subarray by its own bytes, not the whole buffer", () => {
    const buffer = randomBytes(random, 300);
    const view = buffer.subarray(37, 237);
    expect(hex(new Streebog(256, blocks).update(view).digest())).toBe(hex(streebog256(view.slice())));
  });

  it("10 MiB in random chunks equals openssl on the same file", () => {
    const data = randomBytes(prng(7), 10 * 1024 * 1024);
    const file = join(workDir, "large.bin");
    writeFileSync(file, data);
    for (const bits of [256, 512] as const) {
      const hash = new Streebog(bits, blocks);
      for (let p = 0; p < data.length;) {
        const size = Math.floor(random() * 300_000);
        hash.update(data.subarray(p, p + size));
        p += size;
      }
      expect(hex(hash.digest())).toBe(opensslDigests(bits, [file]).get(file));
    }
  });
});

describe("WebAssembly engine", () => {
  it("compiles here, as in the host", () => {
    expect(wasm).not.toBeNull();
  });

  it("keeps interleaved hashes apart while they share one instance", () => {
    const random = prng(99);
    const inputs = [randomBytes(random, 200_000), randomBytes(random, 131_072), randomBytes(random, 5000)];
    const hashes = inputs.map((_, i) => new Streebog(i === 1 ? 512 : 256, wasm));
    for (let p = 0; p < 200_000; p += 70_001) inputs.forEach((data, i) => hashes[i]!.update(data.subarray(p, p + 70_001)));
    expect(hashes.map((hash) => hex(hash.digest()))).toEqual([streebog256(inputs[0]!), streebog512(inputs[1]!), streebog256(inputs[2]!)].map(hex));
  });

  it("carries Σ and N across words: blocks of all-ones bytes, and more blocks than one window holds", () => {
    for (const data of [new Uint8Array(64 * 3).fill(0xff), new Uint8Array(64 * 1024 + 64 * 3).fill(0xff), randomBytes(prng(5), 3 * 65536 + 1)]) {
      expect(hex(new Streebog(512, wasm).update(data).digest())).toBe(hex(streebog512(data)));
    }
  });
});

describe("API contract", () => {
  it("returns 32 and 64 bytes", () => {
    expect(streebog256(new Uint8Array(10)).length).toBe(32);
    expect(streebog512(new Uint8Array(10)).length).toBe(64);
  });

  it("is single-use: a second digest() and update() after digest() throw", () => {
    const hash = new Streebog(256).update(new Uint8Array([1, 2, 3]));
    hash.digest();
    expect(() => hash.digest()).toThrow(/twice/);
    expect(() => hash.update(new Uint8Array(1))).toThrow(/after digest/);
  });

  it("rejects sizes other than 256 and 512", () => {
    expect(() => new Streebog(384 as 256)).toThrow(RangeError);
  });

  it("leaves the input untouched", () => {
    const data = randomBytes(prng(1), 200);
    const copy = data.slice();
    streebog512(data);
    expect(data).toEqual(copy);
  });
});
