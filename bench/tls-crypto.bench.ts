import { randomFillSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { CtrAcpkmStream } from "../native-host/src/tls/crypto/ctr-acpkm.ts";
import { Gost89CntStream } from "../native-host/src/tls/crypto/gost89-cnt.ts";
import { Gost89Imit } from "../native-host/src/tls/crypto/gost89-imit.ts";
import { GOST89_SBOXES } from "../native-host/src/tls/crypto/gost89-sboxes.ts";
import { kuznyechik } from "../native-host/src/tls/crypto/kuznyechik.ts";
import { magma } from "../native-host/src/tls/crypto/magma.ts";
import { Omac } from "../native-host/src/tls/crypto/omac.ts";
import { gostOpenssl, type GostOpenssl } from "../test/unit/x509/openssl-gost.ts";
import type { BenchRow, BenchSuite } from "./lib/report.ts";

// The record ciphers and MACs of the GOST TLS suites over the same file as `openssl enc` /
// `openssl dgst -mac` with the GOST engine, in TLS-record-sized pieces. Each result is
// checked against OpenSSL's before its speed counts. OpenSSL loads the engine through a
// configuration file: with `-engine gost` alone its kuznyechik-mac prints a wrong MAC.

const FILE_MIB = 16;
const RUNS = 3;
const RECORD = 16384;
const KEY = Uint8Array.from({ length: 32 }, (_, i) => 0x88 + 17 * i);
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

interface Primitive {
  name: string;
  openssl: string[];
  /** Runs over the data record by record; returns the ciphertext or the MAC. */
  run(data: Uint8Array): Uint8Array;
  /** Reads OpenSSL's answer: the output file for ciphers, the printed MAC for MACs. */
  reference: "file" | "printed";
}

function stream(process: (record: Uint8Array) => Uint8Array): (data: Uint8Array) => Uint8Array {
  return (data) => {
    const out = new Uint8Array(data.length);
    for (let p = 0; p < data.length; p += RECORD) out.set(process(data.subarray(p, p + RECORD)), p);
    return out;
  };
}

function mac(update: (record: Uint8Array) => void, digest: () => Uint8Array): (data: Uint8Array) => Uint8Array {
  return (data) => {
    for (let p = 0; p < data.length; p += RECORD) update(data.subarray(p, p + RECORD));
    return digest();
  };
}

function primitives(): Primitive[] {
  const k = hex(KEY);
  const sbox = GOST89_SBOXES["tc26-z"];
  return [
    {
      name: "Kuznyechik CTR-ACPKM (suite 0xC100 records)",
      openssl: ["enc", "-kuznyechik-ctr-acpkm", "-K", k, "-iv", "1234567890abcef0"],
      run: (d) => {
        const s = new CtrAcpkmStream(kuznyechik, KEY, Buffer.from("1234567890abcef0", "hex"), 4096);
        return stream((r) => s.process(r))(d);
      },
      reference: "file",
    },
    {
      name: "Magma CTR-ACPKM (suite 0xC101 records)",
      openssl: ["enc", "-magma-ctr-acpkm", "-K", k, "-iv", "12345678"],
      run: (d) => {
        const s = new CtrAcpkmStream(magma, KEY, Buffer.from("12345678", "hex"), 1024);
        return stream((r) => s.process(r))(d);
      },
      reference: "file",
    },
    {
      name: "GOST 28147-89 CNT with key meshing (suite 0xFF85/0xC102 records)",
      openssl: ["enc", "-gost89-cnt-12", "-K", k, "-iv", "1234567890abcef0"],
      run: (d) => {
        const s = new Gost89CntStream(KEY, Buffer.from("1234567890abcef0", "hex"), sbox, true);
        return stream((r) => s.process(r))(d);
      },
      reference: "file",
    },
    {
      name: "Kuznyechik OMAC",
      openssl: ["dgst", "-mac", "kuznyechik-mac", "-macopt", `hexkey:${k}`],
      run: (d) => {
        const m = new Omac(kuznyechik(KEY));
        return mac(
          (r) => m.update(r),
          () => m.digest(),
        )(d);
      },
      reference: "printed",
    },
    {
      name: "Magma OMAC",
      openssl: ["dgst", "-mac", "magma-mac", "-macopt", `hexkey:${k}`],
      run: (d) => {
        const m = new Omac(magma(KEY));
        return mac(
          (r) => m.update(r),
          () => m.digest(),
        )(d);
      },
      reference: "printed",
    },
    {
      name: "GOST 28147-89 MAC with key meshing",
      openssl: ["dgst", "-mac", "gost-mac-12", "-macopt", `hexkey:${k}`],
      run: (d) => {
        const m = new Gost89Imit(KEY, sbox, true);
        return mac(
          (r) => m.update(r),
          () => m.digest(),
        )(d);
      },
      reference: "printed",
    },
  ];
}

/** Wall time of OpenSSL over the file, process start included, and its answer. */
function opensslRun(openssl: GostOpenssl, p: Primitive, input: string, output: string): { answer: string; seconds: number } {
  const started = performance.now();
  const printed = openssl.run(p.reference === "file" ? [...p.openssl, "-in", input, "-out", output] : [...p.openssl, "-r", input]);
  const seconds = (performance.now() - started) / 1000;
  if (p.reference === "file") return { answer: hex(readFileSync(output)), seconds };
  const match = /([0-9a-f]+) \*/.exec(printed);
  if (!match) throw new Error(`unexpected openssl output: ${printed}`);
  return { answer: match[1]!, seconds };
}

const suite: BenchSuite = async () => {
  const dir = mkdtempSync(join(tmpdir(), "tls-crypto-bench-"));
  const openssl = gostOpenssl();
  try {
    const input = join(dir, "input.bin");
    const output = join(dir, "output.bin");
    const data = randomFillSync(new Uint8Array(FILE_MIB * 1024 * 1024));
    writeFileSync(input, data);
    const rows: BenchRow[] = [];
    for (const p of primitives()) {
      // Alternating runs, the fastest of each side: on a shared machine a run that another
      // process slowed down says nothing about either implementation.
      let best = Infinity;
      let bestReference = Infinity;
      for (let run = 0; run < RUNS; run++) {
        const reference = opensslRun(openssl, p, input, output);
        const started = performance.now();
        const ours = p.run(data);
        const seconds = (performance.now() - started) / 1000;
        if (hex(ours) !== reference.answer) throw new Error(`${p.name} differs from openssl on the bench data`);
        best = Math.min(best, seconds);
        bestReference = Math.min(bestReference, reference.seconds);
      }
      const value = FILE_MIB / best;
      const referenceValue = FILE_MIB / bestReference;
      rows.push({
        name: `${p.name}, ${FILE_MIB} MiB in 16 KiB records (best of ${RUNS})`,
        value,
        unit: "MiB/s",
        reference: { name: `openssl ${p.openssl[0]} ${p.openssl[1]}${p.reference === "printed" ? ` ${p.openssl[2]}` : ""}`, value: referenceValue },
        goal: "≥ 0.5× OpenSSL",
        met: value >= 0.5 * referenceValue,
      });
    }
    return rows;
  } finally {
    openssl.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
};

export default suite;
