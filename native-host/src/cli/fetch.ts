import { gostFetch } from "../tls/fetch.ts";
import { nameText } from "../tls/certificate-chain.ts";
import { suiteByName, VERSION_NAMES } from "../tls/suites.ts";
import { createTokenClientKey } from "../tls/token-client-key.ts";
import type { Args } from "./args.ts";
import { UsageError } from "./usage-error.ts";
import type { CliContext } from "./context.ts";
import { readPin } from "./pin.ts";
import { readCertificateFile } from "./read-certificate.ts";
import { resolveToken } from "./token-ref.ts";

/** HOST:PORT, with [v6]:PORT for addresses. */
function connectTarget(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
  const port = Number(match?.[3]);
  if (!match || port < 1 || port > 65535) throw UsageError.unexpected(`--connect ${value}`);
  return { host: match[1] ?? match[2]!, port };
}

/**
 * One HTTPS GET over GOST TLS: the body to stdout, or with --json the status, headers,
 * protocol, suite and server certificate with the body. The client key, if any, stays on the
 * token, found by the certificate's thumbprint; the PIN is asked as the other commands do.
 */
export async function fetchCommand(ctx: CliContext, args: Args): Promise<number> {
  let url: URL;
  try {
    url = new URL(args.require("url"));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw UsageError.unexpected(args.require("url"));
  }
  if (url.protocol !== "https:") throw UsageError.unexpected(url.href);
  const caFiles = args.all("ca");
  if (caFiles.length === 0) throw UsageError.missing("--ca");
  const suiteName = args.get("suite");
  const suite = suiteName === undefined ? undefined : suiteByName(suiteName);
  if (suiteName !== undefined && !suite) throw UsageError.unexpected(`--suite ${suiteName}`);
  const connect = args.get("connect");
  const thumbprint = args.get("cert");
  const serial = args.get("token");
  const clientKey = thumbprint
    ? await createTokenClientKey({
        registry: ctx.registry,
        sessions: ctx.sessions,
        thumbprint,
        token: serial ? await resolveToken(ctx, serial) : undefined,
        pin: () => readPin(ctx.lang),
      })
    : null;
  const { response, handshake } = await gostFetch({
    url,
    ...(connect ? { connectTo: connectTarget(connect) } : {}),
    trustAnchors: caFiles.map((file) => new Uint8Array(readCertificateFile(file))),
    clientKey,
    ...(suite ? { suites: [suite] } : {}),
  });
  if (ctx.json) {
    const body = Buffer.from(response.body);
    const text = new TextDecoder("utf-8", { fatal: true });
    let bodyText: string | null = null;
    try {
      bodyText = text.decode(body);
    } catch {
      bodyText = null;
    }
    console.log(
      JSON.stringify(
        {
          status: response.status,
          statusText: response.statusText,
          httpVersion: response.httpVersion,
          headers: response.headers,
          protocol: VERSION_NAMES[handshake.version],
          suite: handshake.suite.name,
          serverCertificate: { subject: nameText(handshake.serverCertificate.subject), issuer: nameText(handshake.serverCertificate.issuer) },
          clientAuthentication: handshake.clientAuthentication,
          ...(bodyText === null ? { bodyBase64: body.toString("base64") } : { body: bodyText }),
        },
        null,
        2,
      ),
    );
  } else {
    await new Promise<void>((resolve, reject) => process.stdout.write(response.body, (error) => (error ? reject(error) : resolve())));
  }
  return response.status >= 200 && response.status < 400 ? 0 : 1;
}
