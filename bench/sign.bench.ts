import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { randomFillSync } from "node:crypto";
import pkcs11js from "pkcs11js";
import { Streebog } from "../shared/crypto/streebog.ts";
import { createWasmAbsorber } from "../shared/crypto/streebog-wasm.ts";
import type { ResultOf } from "../shared/protocol/index.ts";
import { createGostCa } from "../test/fixtures/gost-ca.ts";
import { ok, placeSigner } from "../test/fixtures/gost-signer.ts";
import { createGostToken } from "../test/fixtures/gost-token.ts";
import { HostProcess } from "../test/fixtures/host-process.ts";
import { openModule, slotHandle, userSession } from "../test/softtoken/provision/token.ts";
import { median, type BenchRow, type BenchSuite } from "./lib/report.ts";

const FILE_MIB = Number(process.env.KEP_BENCH_SIGN_MIB ?? 1024);
const CHUNK = 1024 * 1024;
const ROUND_TRIPS = 50;
const CKM_GOSTR3410 = 0x1201;

function writeFile(file: string): void {
  const fd = openSync(file, "w");
  const chunk = randomFillSync(new Uint8Array(CHUNK));
  try {
    for (let i = 0; i < FILE_MIB; i++) {
      chunk[0] = i & 0xff;
      writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
}

function forEachChunk(file: string, use: (chunk: Uint8Array) => void | Promise<void>): Promise<void> {
  const fd = openSync(file, "r");
  const buffer = Buffer.alloc(CHUNK);
  return (async () => {
    try {
      for (let read; (read = readSync(fd, buffer, 0, CHUNK, null)) > 0; ) await use(buffer.subarray(0, read));
    } finally {
      closeSync(fd);
    }
  })();
}

/** Peak resident memory of a process, from the kernel's own high-water mark. */
function peakRssMiB(pid: number): number {
  const kb = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) / 1024;
}

const suite: BenchSuite = async () => {
  const work = mkdtempSync(join(tmpdir(), "kep-sign-bench-"));
  const token = createGostToken();
  const host = new HostProcess(token.env);
  try {
    const file = join(work, "document.bin");
    writeFile(file);
    ok(await host.handshake());
    const ref = { module: token.module, serial: token.serial };
    ok(await host.request("login", { token: ref, pin: token.pin }));
    const signer = await placeSigner(host, ref, createGostCa());

    let started = performance.now();
    // The same engine the host hashes with, so the ratio is the cost of the protocol alone.
    const hash = new Streebog(256, createWasmAbsorber());
    await forEachChunk(file, (chunk) => void hash.update(chunk));
    const hashDigest = Buffer.from(hash.digest()).toString("hex");
    const hashSeconds = (performance.now() - started) / 1000;

    started = performance.now();
    const { signId } = ok<ResultOf<"signStart">>(await host.request("signStart", { token: ref, certificate: signer.thumbprint, detached: true }));
    // Up to three chunks in flight, as the extension sends them: the host hashes one while the next arrives.
    let seq = 0;
    const inFlight: Promise<unknown>[] = [];
    await forEachChunk(file, async (chunk) => {
      inFlight.push(host.request("signChunk", { signId, seq: seq++, data: Buffer.from(chunk).toString("base64") }).then(ok));
      if (inFlight.length >= 3) await inFlight.shift();
    });
    await Promise.all(inFlight);
    const finished = ok<ResultOf<"signFinish">>(await host.request("signFinish", { signId }));
    const signSeconds = (performance.now() - started) / 1000;
    if (finished.digest !== hashDigest) throw new Error("the host hashed a different document");
    const rss = peakRssMiB(host.child.pid!);

    const digest = hashDigest;
    const viaHost: number[] = [];
    for (let i = 0; i < ROUND_TRIPS + 5; i++) {
      const t = performance.now();
      ok(await host.request("signDigest", { token: ref, certificate: signer.thumbprint, digest }));
      if (i >= 5) viaHost.push(performance.now() - t);
    }
    await host.stop();

    const module = openModule(token.dir);
    const direct: number[] = [];
    try {
      const session = userSession(module.p, slotHandle(module.p, 0), token.pin);
      const [key] = (() => {
        module.p.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }, { type: pkcs11js.CKA_ID, value: Buffer.from(signer.keyId, "hex") }]);
        const found = module.p.C_FindObjects(session, 1);
        module.p.C_FindObjectsFinal(session);
        return found;
      })();
      for (let i = 0; i < ROUND_TRIPS + 5; i++) {
        const t = performance.now();
        module.p.C_SignInit(session, { mechanism: CKM_GOSTR3410 }, key!);
        module.p.C_Sign(session, Buffer.from(digest, "hex"), Buffer.alloc(64));
        if (i >= 5) direct.push(performance.now() - t);
      }
    } finally {
      module.close();
    }

    const mibPerSecond = FILE_MIB / hashSeconds;
    const rows: BenchRow[] = [
      {
        name: `detached CAdES of a ${FILE_MIB} MiB file through the host, 1 MiB chunks`,
        value: signSeconds,
        unit: "s",
        reference: { name: `Streebog-256 alone (${mibPerSecond.toFixed(0)} MiB/s)`, value: hashSeconds },
        goal: "≤ 1.2× hashing alone",
        met: signSeconds <= 1.2 * hashSeconds,
      },
      { name: "host peak RSS during that signature", value: rss, unit: "MiB", goal: "< 100 MiB", met: rss < 100 },
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
