import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { streebog256, streebog512 } from "../shared/crypto/streebog.ts";
import { verifyGost } from "../shared/crypto/gost3410.ts";
import { openssl } from "../test/softtoken/provision/openssl.ts";
import { median, type BenchRow, type BenchSuite } from "./lib/report.ts";

const ROUNDS = 7;
const PER_ROUND = 20;

/** Median over rounds of the wall time of one call, in ms. */
function perCall(run: () => unknown): number {
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    for (let i = 0; i < PER_ROUND; i++) run();
    rounds.push((performance.now() - started) / PER_ROUND);
  }
  return median(rounds);
}

// The host checks CA signatures (TLS chains, CRLs) and CMS signers in software with verifyGost;
// the reference is OpenSSL's gost-engine checking the same signature, process start included.
const suite: BenchSuite = () => {
  const dir = mkdtempSync(join(tmpdir(), "kep-bench-verify-"));
  try {
    const ssl = openssl(dir);
    const rows: BenchRow[] = [];
    for (const { algorithm, paramset, oid, size } of [
      { algorithm: "gost2012_256", paramset: "TCA", oid: "1.2.643.7.1.2.1.1.1", size: 32 },
      { algorithm: "gost2012_512", paramset: "A", oid: "1.2.643.7.1.2.1.2.1", size: 64 },
    ]) {
      ssl.run(["genpkey", "-algorithm", algorithm, "-pkeyopt", `paramset:${paramset}`, "-out", "key.pem"]);
      ssl.run(["pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem"]);
      const spki = new Uint8Array(ssl.run(["pkey", "-in", "key.pem", "-pubout", "-outform", "DER"]));
      const message = new TextEncoder().encode(`message signed with ${algorithm}`);
      writeFileSync(join(dir, "message.txt"), message);
      const md = size === 64 ? "-md_gost12_512" : "-md_gost12_256";
      const signature = new Uint8Array(ssl.run(["dgst", md, "-sign", "key.pem", "message.txt"]));
      writeFileSync(join(dir, "message.sig"), signature);
      const publicKey = spki.slice(spki.length - 2 * size);
      const digest = size === 64 ? streebog512(message) : streebog256(message);
      if (!verifyGost(oid, publicKey, digest, signature)) throw new Error(`verifyGost refused OpenSSL's ${algorithm} signature`);
      const reference = perCall(() => ssl.run(["dgst", md, "-verify", "pub.pem", "-signature", "message.sig", "message.txt"]));
      rows.push({
        name: `${algorithm}: verifyGost of one signature in process`,
        value: perCall(() => verifyGost(oid, publicKey, digest, signature)),
        unit: "ms",
        reference: { name: "openssl dgst -verify (process)", value: reference },
      });
    }
    return Promise.resolve(rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

export default suite;
