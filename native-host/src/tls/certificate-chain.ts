/**
 * Server authentication: the chain the server sent must lead, by GOST signatures, to one of
 * the trust anchors the caller gives (the user's Root store or --ca files), every certificate
 * on the way must be within its validity, and every issuer a CA. Nothing weaker is accepted.
 */
import { verifiedWith } from "../../../shared/x509/issuer-signature.ts";
import type { CertificateInfo, NameInfo } from "../../../shared/x509/index.ts";
import { derKey, knownCertificate, type KnownCertificate } from "./certificate-cache.ts";
import { TlsError } from "./errors.ts";
import { certificateMatchesHost } from "./host-name.ts";

const MAX_DEPTH = 8;

export function nameText(name: NameInfo): string {
  return name.attributes.map((a) => `${a.name}=${a.value}`).join(", ");
}

/**
 * Issuer signatures already checked in this process, keyed by both certificates' exact DER: a
 * repeat connection to a server skips about 10 ms of GOST verification. Validity dates and
 * the host name are still checked every time.
 */
const SIGNATURE_CACHE_LIMIT = 256;
const signatureCache = new Set<string>();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Whether `issuer`'s key made the signature on `cert`; false for anything but GOST R 34.10-2012. */
function signedBy(cert: KnownCertificate, issuer: KnownCertificate): boolean {
  const key = `${derKey(cert.der)} ${derKey(issuer.der)}`;
  if (signatureCache.has(key)) return true;
  if (!verifySignature(cert, issuer)) return false;
  if (signatureCache.size >= SIGNATURE_CACHE_LIMIT) signatureCache.clear();
  signatureCache.add(key);
  return true;
}

function verifySignature(cert: KnownCertificate, issuer: KnownCertificate): boolean {
  return verifiedWith(
    { issuer: cert.issuer, signatureAlgorithm: cert.signatureAlgorithm, signed: cert.tbs, signature: cert.signatureValue },
    issuer.info.publicKey,
  );
}

export interface ServerChainCheck {
  /** The Certificate message's list: the server's certificate first. */
  chain: readonly Uint8Array[];
  trustAnchors: readonly Uint8Array[];
  hostName: string;
  now: Date;
}

/** Checks the server's chain and name; returns the server certificate, parsed. */
export function verifyServerChain(check: ServerChainCheck): CertificateInfo {
  const [leafDer, ...rest] = check.chain;
  if (!leafDer)
    throw new TlsError("TLS_UNEXPECTED_MESSAGE", "the server sent no certificate", {
      problemEn: "the server sent no certificate",
      problemRu: "сервер не прислал сертификат",
    });
  let leaf: KnownCertificate;
  let offered: KnownCertificate[];
  let anchors: KnownCertificate[];
  try {
    leaf = knownCertificate(leafDer);
    offered = rest.map(knownCertificate);
    anchors = check.trustAnchors.map(knownCertificate);
  } catch (cause) {
    throw new TlsError("TLS_SERVER_UNTRUSTED", `unreadable certificate in the server's chain: ${String(cause)}`, {
      problemEn: "A certificate in the chain cannot be read.",
      problemRu: "Сертификат в цепочке не читается.",
    });
  }
  const untrusted = (problemEn: string, problemRu: string): TlsError =>
    new TlsError("TLS_SERVER_UNTRUSTED", `server certificate ${nameText(leaf.info.subject)} (issuer ${nameText(leaf.info.issuer)}): ${problemEn}`, {
      subject: nameText(leaf.info.subject),
      issuer: nameText(leaf.info.issuer),
      problemEn,
      problemRu,
    });
  const valid = (cert: KnownCertificate) => cert.info.notBefore <= check.now && check.now <= cert.info.notAfter;

  let current = leaf;
  for (let depth = 0; ; depth++) {
    if (!valid(current)) {
      throw untrusted(
        `${nameText(current.info.subject)} is outside its validity period.`,
        `Сертификат ${nameText(current.info.subject)} недействителен на текущую дату.`,
      );
    }
    if (anchors.some((anchor) => sameBytes(anchor.der, current.der))) break;
    const anchor = anchors.find((a) => sameBytes(a.subject, current.issuer) && signedBy(current, a));
    if (anchor) {
      if (!anchor.info.isCa)
        throw untrusted("The trusted certificate that issued it is not a CA.", "Доверенный сертификат, которым он выдан, не является сертификатом УЦ.");
      if (!valid(anchor)) throw untrusted("The trusted CA certificate has expired.", "Срок действия доверенного сертификата УЦ истёк.");
      break;
    }
    if (depth >= MAX_DEPTH) throw untrusted("The chain is too long.", "Цепочка сертификатов слишком длинная.");
    const next = offered.find((c) => sameBytes(c.subject, current.issuer) && signedBy(current, c));
    if (!next) throw untrusted("No trusted CA issued it.", "Он не выдан ни одним доверенным УЦ.");
    if (!next.info.isCa) throw untrusted(`${nameText(next.info.subject)} is not a CA.`, `${nameText(next.info.subject)} не является сертификатом УЦ.`);
    current = next;
  }

  if (!certificateMatchesHost(leaf.der, check.hostName)) {
    throw new TlsError("TLS_HOSTNAME_MISMATCH", `server certificate ${nameText(leaf.info.subject)} does not name ${check.hostName}`, {
      server: check.hostName,
      subject: nameText(leaf.info.subject),
    });
  }
  return leaf.info;
}
