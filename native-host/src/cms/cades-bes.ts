/**
 * The host's CAdES-BES (docs/cms-cades.md), written by hand rather than with @peculiar/asn1-cms
 * for one measured reason: the signDigest bench row's goal is under 3 ms of overhead over the
 * token's C_Sign, and the schema library's encoder took 5.5–17 ms per signature there (this
 * writer 1.6–2.1 ms, same machine and load; in-process 1.9–12.5 ms against 0.2–0.35 ms).
 * Its bytes equalled the library builder's for GOST 256/512 and ECDSA, chain included, while both existed.
 */
import { KEY_TYPES } from "../../../shared/algorithms/registry.ts";
import { x509Signature } from "../../../shared/pkix/signature-value.ts";
import type { KeyAlgorithmName } from "../../../shared/protocol/index.ts";
import type { CertificateParts } from "../../../shared/x509/certificate-parts.ts";
import { DIGESTS, digestOf } from "./digests.ts";
import { implicitConstructed, octetString, oid, sequence, setOf, smallInteger, tlv, TAG_SET } from "./der-writer.ts";

const OID = {
  signedData: "1.2.840.113549.1.7.2",
  data: "1.2.840.113549.1.7.1",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
} as const;

const NULL = Uint8Array.of(0x05, 0x00);
const algorithmIdentifier = (id: string, nullParameter: boolean) => (nullParameter ? sequence(oid(id), NULL) : sequence(oid(id)));
const attribute = (type: string, value: Uint8Array) => sequence(oid(type), setOf(value));
const explicit = (n: number, content: Uint8Array) => tlv(0xa0 | n, content);

function utcTime(date: Date): Uint8Array {
  const pad = (n: number) => String(n).padStart(2, "0");
  const text = `${pad(date.getUTCFullYear() % 100)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  return tlv(0x17, new TextEncoder().encode(text));
}

/** The signer's certificate, with its issuer Name and serialNumber INTEGER as encoded. */
export type SigningCertificate = Pick<CertificateParts, "issuer" | "serialNumber"> & { der: Uint8Array };

export interface CadesInput {
  algorithm: KeyAlgorithmName;
  signer: SigningCertificate;
  /** Further certificates to include (the CA chain); the signer's is always included. */
  chain?: readonly Uint8Array[];
  /** The document's digest with the algorithm's hash, computed by the caller. */
  messageDigest: Uint8Array;
  signingTime: Date;
}

/**
 * CAdES-BES attributes as CryptoPro writes them: contentType, signingTime,
 * messageDigest and signingCertificateV2, whose ESSCertIDv2 names the hash (GOST is not
 * the default SHA-256) and the signer certificate's issuer and serial (docs/cms-cades.md#signed-attributes).
 */
export function signedAttributes(input: CadesInput): Uint8Array[] {
  const digest = DIGESTS[input.algorithm];
  const certHash = digestOf(input.algorithm, input.signer.der);
  const issuerSerial = sequence(sequence(explicit(4, input.signer.issuer)), input.signer.serialNumber);
  const essCertId = sequence(
    ...(KEY_TYPES[input.algorithm].digest === "sha-256" ? [] : [algorithmIdentifier(digest.oid, digest.nullParameter)]),
    octetString(certHash),
    issuerSerial,
  );
  return [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.signingTime, utcTime(input.signingTime)),
    attribute(OID.messageDigest, octetString(input.messageDigest)),
    attribute(OID.signingCertificateV2, sequence(sequence(essCertId))),
  ];
}

/** What the token signs: the digest of the signed attributes encoded as a SET OF (RFC 5652 §5.4). */
export function toBeSigned(input: CadesInput): { attributes: Uint8Array[]; digest: Uint8Array } {
  const attributes = signedAttributes(input);
  return { attributes, digest: digestOf(input.algorithm, setOf(...attributes)) };
}

/** Assembles ContentInfo(SignedData) around the token's raw signature of `toBeSigned(input).digest`. */
export function assembleCades(input: CadesInput, attributes: Uint8Array[], tokenSignature: Uint8Array): Uint8Array {
  const digest = DIGESTS[input.algorithm];
  const digestAlgorithm = algorithmIdentifier(digest.oid, digest.nullParameter);
  // SignerInfo.signatureAlgorithm: for GOST the key OID with a NULL like the digest's, as gost-engine and CryptoPro write it (docs/cms-cades.md#signerinfo-and-signeddata).
  const signatureOid = KEY_TYPES[input.algorithm].cmsSignatureOids[0];
  const signerInfo = sequence(
    smallInteger(1),
    sequence(input.signer.issuer, input.signer.serialNumber),
    digestAlgorithm,
    implicitConstructed(0, setOf(...attributes)),
    algorithmIdentifier(signatureOid, digest.nullParameter),
    octetString(x509Signature(input.algorithm, tokenSignature)),
  );
  // Detached: an attached signature gets its content where the document is (shared/pkix/cms-attach.ts).
  const encapsulated = sequence(oid(OID.data));
  const certificates = implicitConstructed(0, setOf(input.signer.der, ...(input.chain ?? [])));
  const signedData = sequence(smallInteger(1), setOf(digestAlgorithm), encapsulated, certificates, tlv(TAG_SET, signerInfo));
  return sequence(oid(OID.signedData), explicit(0, signedData));
}
