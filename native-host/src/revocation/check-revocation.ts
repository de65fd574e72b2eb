import { fromBase64 } from "../../../shared/encoding.ts";
import { KepError, type RequestOf, type ResultOf, type Revocation } from "../../../shared/protocol/index.ts";
import { parseCrl, type Crl } from "../../../shared/x509/crl.ts";
import { crlDistributionUrls } from "../../../shared/x509/distribution-points.ts";
import { CertificateParseError } from "../../../shared/x509/errors.ts";
import { certificateSigned, signedBy } from "../../../shared/x509/issuer-signature.ts";
import { parseCertificate } from "../../../shared/x509/index.ts";
import type { Pkcs11Module } from "../pkcs11/module.ts";
import { listObjects } from "../tokens/list-objects.ts";
import { CrlCache } from "./crl-cache.ts";
import { CrlProblemError } from "./crl-problem.ts";
import { fetchCrl } from "./fetch-crl.ts";

/** A CRL issued a little ahead of this host's clock is still current. */
const CLOCK_SKEW_MS = 5 * 60_000;
const MAX_POINTS = 8;

const cache = new CrlCache();

interface Subject {
  serialNumber: string;
  /** The CA certificates that signed it, among those offered. */
  issuers: Uint8Array[];
}

/**
 * The revocation status of a certificate on the token from its CA's CRLs. A CRL decides only
 * when a CA certificate that issued this certificate (found on the token or among the
 * caller's `issuers`, and verified by its signature on the certificate) also signed the
 * CRL, and the CRL is current; then its word is "good" or "revoked". Each distribution
 * point is tried in order until one decides; otherwise the status is unknown, with what
 * every point ran into.
 */
export async function checkRevocation(
  module: Pkcs11Module,
  request: Pick<RequestOf<"checkRevocation">, "token" | "certificate" | "issuers">,
): Promise<ResultOf<"checkRevocation">> {
  const objects = await listObjects(module, request.token);
  const found = objects.certificates.find((c) => c.thumbprint === request.certificate);
  if (!found) throw new KepError("CERT_NOT_FOUND", `no certificate ${request.certificate} on the token`);
  const der = fromBase64(found.der);
  const offered = [...objects.certificates.map((c) => fromBase64(c.der)), ...request.issuers.map(fromBase64)];
  let subject: Subject;
  let urls: string[];
  try {
    const signed = certificateSigned(der);
    subject = { serialNumber: parseCertificate(der).serialNumber, issuers: offered.filter((candidate) => signedBy(signed, candidate)) };
    urls = crlDistributionUrls(der);
  } catch (cause) {
    if (cause instanceof CertificateParseError) throw new KepError("BAD_REQUEST", `certificate ${request.certificate} cannot be read: ${cause.message}`);
    throw cause;
  }
  if (urls.length === 0)
    return { status: "unknown", problems: [{ url: "", problem: "noDistributionPoint", detail: "the certificate names no CRL distribution point" }] };

  // Without a CA certificate to verify it, a CRL could say nothing: fetch none.
  if (subject.issuers.length === 0) {
    return {
      status: "unknown",
      problems: [{ url: "", problem: "noIssuer", detail: "no CA certificate on the token or in the options' store issued this certificate" }],
    };
  }
  const now = new Date();
  const problems: Revocation["problems"] = [];
  for (const url of urls.slice(0, MAX_POINTS)) {
    try {
      return decide(subject, url, await currentCrl(url, subject, now), problems);
    } catch (error) {
      if (!(error instanceof CrlProblemError)) throw error;
      problems.push({ url: url.slice(0, 2048), problem: error.problem, detail: error.message.slice(0, 500) });
    }
  }
  return { status: "unknown", problems };
}

function decide(subject: Subject, url: string, crl: Crl, problems: Revocation["problems"]): Revocation {
  const source = { url, thisUpdate: crl.thisUpdate.getTime(), nextUpdate: crl.nextUpdate?.getTime() ?? null };
  const entry = crl.revoked.get(subject.serialNumber);
  if (!entry) return { status: "good", crl: source, problems };
  return { status: "revoked", crl: source, revokedAt: entry.revokedAt.getTime(), reason: entry.reason, problems };
}

/** The CRL at `url`, from the cache or fetched, verified against the certificate's issuers and current at `now`. */
async function currentCrl(url: string, subject: Subject, now: Date): Promise<Crl> {
  const cached = cache.get(url, now);
  if (cached && subject.issuers.some((issuer) => signedBy(cached, issuer))) return cached;
  let crl: Crl;
  try {
    crl = parseCrl(await fetchCrl(url));
  } catch (error) {
    if (error instanceof CertificateParseError) throw new CrlProblemError("malformed", error.message);
    throw error;
  }
  if (!subject.issuers.some((issuer) => signedBy(crl, issuer))) {
    throw new CrlProblemError("badSignature", "the CRL is not signed by the CA that issued the certificate");
  }
  if (crl.thisUpdate.getTime() > now.getTime() + CLOCK_SKEW_MS) throw new CrlProblemError("notYetValid", `the CRL is dated ${crl.thisUpdate.toISOString()}`);
  if (crl.nextUpdate !== null && crl.nextUpdate < now) throw new CrlProblemError("outdated", `the CRL's next update was due ${crl.nextUpdate.toISOString()}`);
  cache.put(url, crl);
  return crl;
}
