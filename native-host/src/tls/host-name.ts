/**
 * RFC 6125 host name matching: the server certificate's subjectAltName dNSName entries (a
 * leftmost-label wildcard allowed) or iPAddress for an address; the subject CN only when
 * there is no subjectAltName at all.
 */
import { isIP } from "node:net";
import type { GeneralName } from "@peculiar/asn1-x509";
import { subjectAlternativeNames } from "../../../shared/pkix/extensions.ts";
import { knownCertificate, type KnownCertificate } from "./certificate-cache.ts";

function dnsMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, "");
  if (!p.startsWith("*.")) return p === host;
  const dot = host.indexOf(".");
  // "*.example.ru" covers one label: not "example.ru", not "a.b.example.ru".
  return dot > 0 && host.slice(dot + 1) === p.slice(2) && p.slice(2).includes(".");
}

function ipBytes(host: string): Uint8Array | null {
  if (isIP(host) === 4) return Uint8Array.from(host.split(".").map(Number));
  if (isIP(host) !== 6) return null;
  const [head, tail = ""] = host.split("::") as [string, string?];
  const parts = (s: string) => (s ? s.split(":") : []);
  const left = parts(head);
  const right = host.includes("::") ? parts(tail) : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return Uint8Array.from(groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]));
}

/**
 * The decoded subjectAltName (null without one) per cached certificate: decoding it is most of
 * the time a name check takes, and every handshake with the same server would repeat it.
 */
const alternativeNames = new WeakMap<KnownCertificate, GeneralName[] | null>();

function subjectAlternativeName(certificate: KnownCertificate): GeneralName[] | null {
  let names = alternativeNames.get(certificate);
  if (names === undefined) {
    names = subjectAlternativeNames(certificate);
    alternativeNames.set(certificate, names);
  }
  return names;
}

export function certificateMatchesHost(der: Uint8Array, hostName: string): boolean {
  const host = hostName.toLowerCase().replace(/\.$/, "");
  const certificate = knownCertificate(der);
  const names = subjectAlternativeName(certificate);
  if (!names) {
    const cn = certificate.info.subject.commonName;
    return isIP(host) === 0 && cn !== undefined && dnsMatches(cn, host);
  }
  const ip = ipBytes(host);
  return names.some((name) => {
    if (ip) {
      // The schema library hands iPAddress over as text, IPv6 possibly compressed differently.
      const value = name.iPAddress ? ipBytes(name.iPAddress) : null;
      return value !== null && value.length === ip.length && value.every((b, i) => b === ip[i]);
    }
    return name.dNSName !== undefined && dnsMatches(name.dNSName, host);
  });
}
