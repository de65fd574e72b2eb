import { spawn } from "node:child_process";
import { once } from "node:events";
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { randomFillSync } from "node:crypto";
import { fileURLToPath } from "node:url";
import pkcs11js from "pkcs11js";
import { documentDigest, signingAlgorithmOf } from "../shared/cms/document-digest.ts";
import { decodeSignedData, encodings } from "../shared/pkix/signed-data.ts";
import { Streebog } from "../shared/crypto/streebog.ts";
import { wasmAbsorber } from "../shared/crypto/streebog-wasm.ts";
import { toHex } from "../shared/encoding.ts";
import type { ResultOf } from "../shared/protocol/index.ts";
import { createGostCa } from "../test/fixtures/gost-ca.ts";
import { ok, placeSigner } from "../test/fixtures/gost-signer.ts";
import { createGostToken } from "../test/fixtures/gost-token.ts";
import { HostProcess } from "../test/fixtures/host-process.ts";
import { openModule, slotHandle, userSession } from "../test/softtoken/provision/token.ts";
import { median, type BenchRow, type BenchSuite } from "./lib/report.ts";

const FILE_MIB = Number(process.env.KEP_BENCH_SIGN_MIB ?? 1024);
const ROUNDS = 3;
const WARM_UP_BYTES = 32 * 1024 * 1024;
const READ_BYTES = 1024 * 1024;
const ROUND_TRIPS = 50;
const CLI = join(dirname(fileURLToPath(import.meta.url)), "../dist/native-host/kep-cli.cjs");

/** The document as the extension's background holds a page's: one array in memory. */
function makeDocument(): Uint8Array {
  const document = new Uint8Array(FILE_MIB * 1024 * 1024);
  for (let offset = 0; offset < document.length; offset += 64 * 1024 * 1024)
    randomFillSync(document, offset, Math.min(64 * 1024 * 1024, document.length - offset));
  return document;
}

/** Peak resident memory of a process, from the kernel's own high-water mark. */
function peakRssMiB(pid: number): number {
  const kb = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) / 1024;
}

/**
 * Best time of each side over alternating rounds, so neither gains from running second. V8
 * first runs WebAssembly unoptimised and swaps in optimised code later: a warm-up hash keeps
 * that out of both sides.
 */
async function bestOfAlternating(a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[number, number]> {
  await documentDigest("gost2012-256", new Uint8Array(WARM_UP_BYTES));
  const times: [number[], number[]] = [[], []];
  const timed = async (side: 0 | 1) => {
    const started = performance.now();
    await (side === 0 ? a() : b());
    times[side].push((performance.now() - started) / 1000);
  };
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) await timed(0).then(() => timed(1));
    else await timed(1).then(() => timed(0));
  }
  return [Math.min(...times[0]), Math.min(...times[1])];
}

/** Reading a file a piece at a time and hashing it, as `kep sign` does, with nothing else. */
function hashFile(file: string): string {
  const hash = new Streebog(256, wasmAbsorber());
  const fd = openSync(file, "r");
  const buffer = Buffer.alloc(READ_BYTES);
  try {
    for (let read; (read = readSync(fd, buffer, 0, READ_BYTES, null)) > 0;) hash.update(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return toHex(hash.digest());
}

/** `kep sign` as a user runs it; its peak memory is read while it runs (the kernel's high-water mark). */
async function cliSign(env: Record<string, string>, thumbprint: string, file: string, output: string): Promise<number> {
  const child = spawn(process.execPath, [CLI, "sign", "--cert", thumbprint, "--in", file, "--out", output], {
    env: { ...process.env, ...env },
    stdio: "ignore",
  });
  let peak = 0;
  const poll = setInterval(() => {
    // An exiting process loses its memory lines, then its /proc entry: the last reading stands.
    try {
      const now = peakRssMiB(child.pid!);
      if (Number.isFinite(now)) peak = Math.max(peak, now);
    } catch {
      // Its /proc entry is gone.
    }
  }, 20);
  const [code] = (await once(child, "exit")) as [number | null];
  clearInterval(poll);
  if (code !== 0) throw new Error(`kep sign exited with ${code}`);
  return peak;
}

/** The signature carries this digest in its signed attributes. */
function assertSigned(cms: Uint8Array, digest: string): void {
  const [signerInfo] = encodings(decodeSignedData(cms).signerInfos);
  if (!signerInfo || !toHex(signerInfo).includes(digest)) throw new Error("the signature does not carry the document's digest");
}

const suite: BenchSuite = async () => {
  const work = mkdtempSync(join(tmpdir(), "kep-sign-bench-"));
  const token = createGostToken();
  const host = new HostProcess(token.env);
  try {
    const document = makeDocument();
    ok(await host.handshake());
    const ref = { module: token.module, serial: token.serial };
    ok(await host.request("login", { token: ref, pin: token.pin }));
    const signer = await placeSigner(host, ref, createGostCa());
    const algorithm = signingAlgorithmOf(signer.der)!;

    // A page's detached signature as page-service.ts makes it: the digest computed where the
    // bytes are, with the key's hash, then one signDigest to the host, which signs on the token.
    let hashDigest = "";
    let pageCms = new Uint8Array();
    const [pageHashSeconds, pageSignSeconds] = await bestOfAlternating(
      async () => (hashDigest = toHex(await documentDigest(algorithm, document))),
      async () => {
        const digest = toHex(await documentDigest(algorithm, document));
        const { cms } = ok<ResultOf<"signDigest">>(await host.request("signDigest", { token: ref, certificate: signer.thumbprint, digest }));
        pageCms = Buffer.from(cms, "base64");
      },
    );
    assertSigned(pageCms, hashDigest);
    const hostRss = peakRssMiB(host.child.pid!);

    const viaHost: number[] = [];
    for (let i = 0; i < ROUND_TRIPS + 5; i++) {
      const t = performance.now();
      ok(await host.request("signDigest", { token: ref, certificate: signer.thumbprint, digest: hashDigest }));
      if (i >= 5) viaHost.push(performance.now() - t);
    }
    await host.stop();

    // The same document as a file signed in a terminal: the CLI's process is where its bytes are.
    const file = join(work, "document.bin");
    const output = join(work, "document.bin.sig");
    writeFileSync(file, document);
    let cliRss = 0;
    const [fileHashSeconds, cliSeconds] = await bestOfAlternating(
      async () => hashFile(file),
      async () => (cliRss = Math.max(cliRss, await cliSign({ ...token.env, KEP_PIN: token.pin }, signer.thumbprint, file, output))),
    );
    assertSigned(readFileSync(output), hashDigest);

    const module = openModule(token.dir);
    const direct: number[] = [];
    try {
      const session = userSession(module.p, slotHandle(module.p, 0), token.pin);
      const [key] = (() => {
        module.p.C_FindObjectsInit(session, [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
          { type: pkcs11js.CKA_ID, value: Buffer.from(signer.keyId, "hex") },
        ]);
        const found = module.p.C_FindObjects(session, 1);
        module.p.C_FindObjectsFinal(session);
        return found;
      })();
      for (let i = 0; i < ROUND_TRIPS + 5; i++) {
        const t = performance.now();
        module.p.C_SignInit(session, { mechanism: pkcs11js.CKM_GOSTR3410 }, key!);
        module.p.C_Sign(session, Buffer.from(hashDigest, "hex"), Buffer.alloc(64));
        if (i >= 5) direct.push(performance.now() - t);
      }
    } finally {
      module.close();
    }

    const rows: BenchRow[] = [
      {
        name: `detached CAdES of a ${FILE_MIB} MiB page document: hashed where it is, signed through the host (best of ${ROUNDS})`,
        value: pageSignSeconds,
        unit: "s",
        reference: { name: `Streebog-256 alone (${(FILE_MIB / pageHashSeconds).toFixed(0)} MiB/s)`, value: pageHashSeconds },
        goal: "≤ 1.2× hashing alone",
        met: pageSignSeconds <= 1.2 * pageHashSeconds,
      },
      { name: "host peak RSS during those signatures", value: hostRss, unit: "MiB", goal: "< 100 MiB", met: hostRss < 100 },
      {
        name: `\`kep sign\` of the same ${FILE_MIB} MiB as a file, detached: process start to signature file (best of ${ROUNDS})`,
        value: cliSeconds,
        unit: "s",
        reference: { name: "reading and hashing the file alone", value: fileHashSeconds },
        goal: "≤ 1.2× hashing alone",
        met: cliSeconds <= 1.2 * fileHashSeconds,
      },
      { name: "`kep sign` peak RSS", value: cliRss, unit: "MiB", goal: "< 100 MiB", met: cliRss < 100 },
      {
        name: `signDigest round trip through the host (median of ${ROUND_TRIPS})`,
        value: median(viaHost),
        unit: "ms",
        reference: { name: "C_SignInit + C_Sign via pkcs11js", value: median(direct) },
        goal: "overhead < 3 ms",
        met: median(viaHost) - median(direct) < 3,
      },
    ];
    return rows;
  } finally {
    await host.stop().catch(() => undefined);
    token.cleanup();
    rmSync(work, { recursive: true, force: true });
  }
};

export default suite;
