import { request, type IncomingMessage } from "node:http";
import { CrlProblemError } from "./crl-problem.ts";

/**
 * Large Russian CAs publish CRLs of several MiB; 32 MiB leaves room for growth and keeps a
 * hostile or broken server from filling the host's memory.
 */
export const CRL_MAX_BYTES = 32 * 1024 * 1024;
/** The whole download, connection to last byte. */
export const CRL_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 3;

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
}

/**
 * GET of a CRL over plain http, as CAs publish them (the CRL is signed, so the channel needs
 * no protection; https and ldap are not fetched). Redirects are followed to other http URLs
 * only. The body is counted as it streams in and the download stops at `maxBytes`.
 */
export async function fetchCrl(url: string, limits: FetchLimits = { maxBytes: CRL_MAX_BYTES, timeoutMs: CRL_TIMEOUT_MS }): Promise<Uint8Array> {
  const deadline = Date.now() + limits.timeoutMs;
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const response = await get(current, deadline, limits.maxBytes);
    if (response.location === undefined) return response.body;
    if (redirects >= MAX_REDIRECTS) throw new CrlProblemError("httpStatus", `more than ${MAX_REDIRECTS} redirects`);
    current = new URL(response.location, current).toString();
  }
}

function httpUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CrlProblemError("unsupportedUrl", `not a URL: ${text}`);
  }
  if (url.protocol !== "http:") throw new CrlProblemError("unsupportedUrl", `only http:// CRLs are fetched, not ${url.protocol}`);
  return url;
}

function get(text: string, deadline: number, maxBytes: number): Promise<{ body: Uint8Array; location?: string }> {
  const url = httpUrl(text);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "GET", headers: { accept: "application/pkix-crl, */*" } });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    // The host's own reasons settle first; the socket errors that the teardown raises say less.
    const stop = (error: CrlProblemError) => {
      settle(() => reject(error));
      req.destroy();
    };
    const timer = setTimeout(() => stop(new CrlProblemError("timeout", "no complete answer within the time limit")), Math.max(deadline - Date.now(), 0));
    const fail = (error: Error) => settle(() => reject(new CrlProblemError("unreachable", error.message)));
    req.on("error", fail);
    req.on("response", (res: IncomingMessage) => {
      res.on("error", fail);
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        const location = res.headers.location;
        res.resume();
        settle(() => resolve({ body: new Uint8Array(), location }));
        return;
      }
      if (status !== 200) {
        res.resume();
        settle(() => reject(new CrlProblemError("httpStatus", `HTTP ${status}`)));
        return;
      }
      const declared = Number(res.headers["content-length"]);
      if (declared > maxBytes) {
        stop(new CrlProblemError("tooLarge", `${declared} bytes declared, the limit is ${maxBytes}`));
        return;
      }
      const chunks: Buffer[] = [];
      let received = 0;
      res.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) stop(new CrlProblemError("tooLarge", `more than ${maxBytes} bytes`));
        else chunks.push(chunk);
      });
      res.on("end", () => settle(() => resolve({ body: new Uint8Array(Buffer.concat(chunks)) })));
    });
    req.end();
  });
}
