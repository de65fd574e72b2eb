import type { Attribute } from "@peculiar/asn1-cms";
import type { CertificateParts } from "../../../shared/x509/certificate-parts.ts";
import { attributesToSign, cadesAttributes } from "../../../shared/pkix/cades-attributes.ts";
import { assembleCades as assembleSignedData } from "../../../shared/pkix/cms-build.ts";
import type { KeyAlgorithmName } from "../../../shared/protocol/index.ts";
import { DIGESTS, digestOf } from "./digests.ts";

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

/** The signed attributes and what the token signs: their digest, with the host's hash of the key's type. */
export function toBeSigned(input: CadesInput): { attributes: Attribute[]; digest: Uint8Array } {
  const attributes = cadesAttributes({
    digest: DIGESTS[input.algorithm],
    messageDigest: input.messageDigest,
    signingTime: input.signingTime,
    certificateHash: digestOf(input.algorithm, input.signer.der),
    issuer: input.signer.issuer,
    serialNumber: input.signer.serialNumber,
  });
  return { attributes, digest: digestOf(input.algorithm, attributesToSign(attributes)) };
}

/** ContentInfo(SignedData) around the token's raw signature of `toBeSigned(input).digest`. */
export function assembleCades(input: CadesInput, attributes: readonly Attribute[], tokenSignature: Uint8Array): Uint8Array {
  const { algorithm, signer, chain } = input;
  return assembleSignedData(
    { algorithm, certificate: signer.der, issuer: signer.issuer, serialNumber: signer.serialNumber, chain },
    attributes,
    tokenSignature,
  );
}
