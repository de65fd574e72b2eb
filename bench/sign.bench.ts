import { randomFillSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import pkcs11js from "pkcs11js";
import { documentDigest, signingAlgorithmOf } from "../shared/cms/document-digest.ts";
import { readSignedData } from "../shared/cms/signed-data.ts";
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
const ROUND_TRIPS = 50;
const CKM_GOSTR3410 = 0x1201;

/** The document as the extension's background holds a page's: one array in memory. */
function makeDocument(): Uint8Array {
  const document = new Uint8Array(FILE_MIB * 1024 * 1024);
  for (let offset = 0; offset < document.length; offset += 64 * 1024 * 1024) randomFillSync(document, offset, Math.min(64 * 1024 * 1024, document.length - offset));
  return document;
}

/** Peak resident memory of a process, from the kernel's own high-water mark. */
function peakRssMiB(pid: number): number {
  const kb = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) / 1024;
}

const suite: BenchSuite = async () => {
  const token = createGostToken();
  const host = new HostProcess(token.env);
  try {
    const document = makeDocument();
    ok(await host.handshake());
    const ref = { module: token.module, serial: token.serial };
    ok(await host.request("login", { token: ref, pin: token.pin }));
    const signer = await placeSigner(host, ref, createGostCa());

    // A page's detached signature as page-service.ts makes it: the digest computed where the
    // bytes are, with the key's hash, then one signDigest to the host, which signs on the token.
    const route = async () => {
      const algorithm = signingAlgorithmOf(signer.der)!;
      const digest = toHex(await documentDigest(algorithm, document));
      const { cms } = ok<ResultOf<"signDigest">>(await host.request("signDigest", { token: ref, certificate: signer.thumbprint, digest }));
      return { digest, cms: Buffer.from(cms, "base64") };
    };
    // Hashing alone, with the very function the background hashes with.
    const hashOnly = async () => toHex(await documentDigest(signingAlgorithmOf(signer.der)!, document));

    // V8 first runs WebAssembly unoptimised and swaps in optimised code later: a warm-up hash
    // keeps that out of both sides. Then rounds alternate which side goes first; best of each.
    await documentDigest("gost2012-256", document.subarray(0, WARM_UP_BYTES));
    const hashTimes: number[] = [];
    const signTimes: number[] = [];
    let hashDigest = "";
    let signed: Awaited<ReturnType<typeof route>> | undefined;
    const timeHash = async () => {
      const started = performance.now();
      hashDigest = await hashOnly();
      hashTimes.push((performance.now() - started) / 1000);
    };
    const timeRoute = async () => {
      const started = performance.now();
      signed = await route();
      signTimes.push((performance.now() - started) / 1000);
    };
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2 === 0) await timeHash().then(timeRoute);
      else await timeRoute().then(timeHash);
    }
    if (signed!.digest !== hashDigest) throw new Error("the route hashed a different document");
    const attributes = readSignedData(signed!.cms).signers[0]?.signedAttributes;
    if (!attributes || !toHex(attributes.raw).includes(hashDigest)) throw new Error("the signature does not carry the document's digest");
    const rss = peakRssMiB(host.child.pid!);

    const viaHost: number[] = [];
    for (let i = 0; i < ROUND_TRIPS + 5; i++) {
      const t = performance.now();
      ok(await host.request("signDigest", { token: ref, certificate: signer.thumbprint, digest: hashDigest }));
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
        module.p.C_Sign(session, Buffer.from(hashDigest, "hex"), Buffer.alloc(64));
        if (i >= 5) direct.push(performance.now() - t);
      }
    } finally {
      module.close();
    }

    const hashSeconds = Math.min(...hashTimes);
    const signSeconds = Math.min(...signTimes);
    const rows: BenchRow[] = [
      {
        name: `detached CAdES of a ${FILE_MIB} MiB page document: hashed where it is, signed through the host (best of ${ROUNDS})`,
        value: signSeconds,
        unit: "s",
        reference: { name: `Streebog-256 alone (${(FILE_MIB / hashSeconds).toFixed(0)} MiB/s)`, value: hashSeconds },
        goal: "≤ 1.2× hashing alone",
        met: signSeconds <= 1.2 * hashSeconds,
      },
      { name: "host peak RSS during those signatures", value: rss, unit: "MiB", goal: "< 100 MiB", met: rss < 100 },
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
  }
};

export default suite;
