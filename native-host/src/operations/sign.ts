import { randomBytes } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { fromBase64, fromHex, toBase64, toHex } from "../../../shared/encoding.ts";
import type { KeyAlgorithmName, RequestOf, ResultOf, TokenRef } from "../../../shared/protocol/index.ts";
import type { CadesInput } from "../cms/cades-bes.ts";
import type { Hasher } from "../cms/digests.ts";
import { loadCms, type Cms } from "../cms/load.ts";
import { HostError } from "../errors.ts";
import type { Pkcs11Module } from "../pkcs11/module.ts";
import { signDigest } from "../pkcs11/sign-digest.ts";
import type { Session, TokenSessions } from "../tokens/sessions.ts";
import { findSigner, type Signer } from "./find-signer.ts";

/** Attached signatures carry the document inside the CMS, so it is held in memory; large files go detached. */
export const MAX_ATTACHED_BYTES = 32 * 1024 * 1024;
/**
 * Open jobs at once, and of them attached ones, which hold their document: a page that
 * opens job after job holds at most MAX_ATTACHED_JOBS × MAX_ATTACHED_BYTES.
 */
export const MAX_OPEN_JOBS = 4;
export const MAX_ATTACHED_JOBS = 2;
/** A signing job nobody continues is dropped, so an abandoned tab cannot pin memory. */
const JOB_IDLE_MS = 10 * 60_000;
/**
 * Each chunk arrives as a string of about 1.4 MB, which V8 keeps in large-object space
 * until a full collection; left alone, a long document grows the host past 100 MB before
 * V8 collects. Measured on 256 MiB: collecting every 2 MiB costs about 4 ms per MiB and
 * peaks at 83 MiB; every 8 MiB saved 6% of the time but peaked at 110 MiB.
 */
const COLLECT_EVERY_BYTES = 2 * 1024 * 1024;

/**
 * V8's gc(), enabled when first needed: starting node with --expose-gc would cost every
 * host start about 25 ms (measured), and most starts never sign a document.
 */
let gc: (() => void) | undefined;
function collect(): void {
  if (!gc) {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  gc();
}

function cades(cms: Cms, session: Session, signer: Signer, base: Omit<CadesInput, "algorithm" | "signer" | "signingTime">): Uint8Array {
  const input: CadesInput = { ...base, algorithm: signer.algorithm, signer: signer.certificate, signingTime: new Date() };
  const { attributes, digest } = cms.toBeSigned(input);
  return cms.assembleCades(input, attributes, signDigest(session.lib, session.session, signer.keyId, signer.algorithm, digest));
}

interface Job {
  token: TokenRef;
  module: Pkcs11Module;
  thumbprint: string;
  algorithm: KeyAlgorithmName;
  detached: boolean;
  chain: Uint8Array[];
  hasher: Hasher;
  content: Uint8Array[];
  size: number;
  nextSeq: number;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Signing jobs of one host process. The signer is resolved at start, so a wrong
 * certificate fails before any data is sent; the document is hashed chunk by chunk; at
 * finish the token signs the signed attributes. A chunk out of order ends the job: the
 * hash would be of a different document.
 */
export class SigningJobs {
  private readonly jobs = new Map<string, Job>();
  private sinceCollect = 0;

  constructor(private readonly sessions: TokenSessions) {}

  async start(module: Pkcs11Module, request: Pick<RequestOf<"signStart">, "token" | "certificate" | "detached" | "chain">): Promise<ResultOf<"signStart">> {
    const chain = (request.chain ?? []).map(fromBase64);
    const { DIGESTS } = await loadCms();
    const signer = await this.sessions.withSession(module, request.token, "start signing", (s) => findSigner(s, request.certificate));
    const open = [...this.jobs.values()];
    if (open.length >= MAX_OPEN_JOBS || (!request.detached && open.filter((j) => !j.detached).length >= MAX_ATTACHED_JOBS)) {
      throw new HostError("BUSY", `${open.length} signing jobs are open (at most ${MAX_OPEN_JOBS}, ${MAX_ATTACHED_JOBS} attached); finish or abort one first`);
    }
    const signId = randomBytes(16).toString("hex");
    this.jobs.set(signId, {
      token: request.token,
      module,
      thumbprint: request.certificate,
      algorithm: signer.algorithm,
      detached: request.detached,
      chain,
      hasher: DIGESTS[signer.algorithm].create(),
      content: [],
      size: 0,
      nextSeq: 0,
      timer: this.idleTimer(signId),
    });
    return { signId, algorithm: signer.algorithm };
  }

  chunk(request: Pick<RequestOf<"signChunk">, "signId" | "seq" | "data">): ResultOf<"signChunk"> {
    const job = this.job(request.signId);
    if (request.seq !== job.nextSeq) {
      this.drop(request.signId);
      throw new HostError("BAD_REQUEST", `chunk ${request.seq} arrived where chunk ${job.nextSeq} was expected; signing cancelled`);
    }
    // Buffer's decoder, not the shared atob-based one: Node 20's atob costs milliseconds per MiB.
    // It skips whatever is not base64, so the bytes are encoded back and compared: the schema
    // leaves the alphabet to this check, which costs a fifth of a regular expression.
    const data = Buffer.from(request.data, "base64");
    if (data.toString("base64") !== request.data) {
      this.drop(request.signId);
      throw new HostError("BAD_REQUEST", `chunk ${request.seq} is not canonical base64; signing cancelled`);
    }
    if (!job.detached && job.size + data.length > MAX_ATTACHED_BYTES) {
      this.drop(request.signId);
      throw new HostError("BAD_REQUEST", `an attached signature holds at most ${MAX_ATTACHED_BYTES} bytes; sign this document detached`);
    }
    job.hasher.update(data);
    if (!job.detached) job.content.push(data);
    job.size += data.length;
    job.nextSeq++;
    this.sinceCollect += data.length;
    if (this.sinceCollect >= COLLECT_EVERY_BYTES) {
      this.sinceCollect = 0;
      collect();
    }
    clearTimeout(job.timer);
    job.timer = this.idleTimer(request.signId);
    return { received: job.size };
  }

  async finish(request: Pick<RequestOf<"signFinish">, "signId">): Promise<ResultOf<"signFinish">> {
    const job = this.job(request.signId);
    this.drop(request.signId);
    const digest = job.hasher.digest();
    const content = job.detached ? undefined : Buffer.concat(job.content);
    const code = await loadCms();
    const cms = await this.sessions.withSession(job.module, job.token, "sign", (s) => {
      const signer = findSigner(s, job.thumbprint);
      return cades(code, s, signer, { messageDigest: digest, chain: job.chain, ...(content ? { content } : {}) });
    });
    return { cms: Buffer.from(cms).toString("base64"), digest: toHex(digest), size: job.size };
  }

  abort(request: Pick<RequestOf<"signAbort">, "signId">): ResultOf<"signAbort"> {
    const known = this.jobs.has(request.signId);
    this.drop(request.signId);
    return { aborted: known };
  }

  async signDigest(module: Pkcs11Module, request: Pick<RequestOf<"signDigest">, "token" | "certificate" | "digest" | "chain">): Promise<ResultOf<"signDigest">> {
    const digest = fromHex(request.digest);
    const chain = (request.chain ?? []).map(fromBase64);
    const code = await loadCms();
    const cms = await this.sessions.withSession(module, request.token, "sign digest", (s) => {
      const signer = findSigner(s, request.certificate);
      const expected = code.DIGESTS[signer.algorithm].length;
      if (digest.length !== expected) {
        throw new HostError("BAD_REQUEST", `a ${signer.algorithm} signature needs a ${expected}-byte digest, got ${digest.length}`);
      }
      return cades(code, s, signer, { messageDigest: digest, chain });
    });
    return { cms: toBase64(cms) };
  }

  private job(signId: string): Job {
    const job = this.jobs.get(signId);
    if (!job) throw new HostError("BAD_REQUEST", `no signing job ${signId}: it finished, was cancelled or timed out`);
    return job;
  }

  private drop(signId: string): void {
    const job = this.jobs.get(signId);
    if (job) clearTimeout(job.timer);
    this.jobs.delete(signId);
  }

  private idleTimer(signId: string): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => this.drop(signId), JOB_IDLE_MS);
    timer.unref();
    return timer;
  }
}
