/**
 * A detached CAdES-BES around the token's signature of the signed attributes' digest
 * (docs/cms-cades.md#signerinfo-and-signeddata). An attached one gets its content where the
 * document is (cms-extend.ts).
 */
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import {
  Attribute,
  CMSVersion,
  DigestAlgorithmIdentifiers,
  EncapsulatedContentInfo,
  id_data,
  IssuerAndSerialNumber,
  SignerIdentifier,
  SignerInfo,
} from "@peculiar/asn1-cms";
import { AlgorithmIdentifier, Name } from "@peculiar/asn1-x509";
import { DIGESTS, KEY_TYPES } from "../algorithms/registry.ts";
import type { KeyAlgorithmName } from "../protocol/index.ts";
import { algorithmIdentifier } from "./cades-attributes.ts";
import { derSetOrder, integerContent } from "./der-values.ts";
import { encodedSet, encodeSignedData, ExactSignedData } from "./signed-data.ts";
import { x509Signature } from "./signature-value.ts";

export interface CadesSigner {
  algorithm: KeyAlgorithmName;
  /** The signer's certificate, carried as it is, with its issuer Name and serialNumber INTEGER as encoded. */
  certificate: Uint8Array;
  issuer: Uint8Array;
  serialNumber: Uint8Array;
  /** Further certificates to include (the CA chain). */
  chain?: readonly Uint8Array[] | undefined;
}

export function assembleCades(signer: CadesSigner, attributes: readonly Attribute[], tokenSignature: Uint8Array): Uint8Array {
  const digest = DIGESTS[KEY_TYPES[signer.algorithm].digest];
  const signerInfo = new SignerInfo({
    version: CMSVersion.v1,
    sid: new SignerIdentifier({
      issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer: AsnConvert.parse(signer.issuer, Name), serialNumber: integerContent(signer.serialNumber) }),
    }),
    digestAlgorithm: algorithmIdentifier(digest),
    signedAttrs: [...attributes],
    // For GOST the key OID with a NULL like the digest's, as gost-engine and CryptoPro write it.
    signatureAlgorithm: new AlgorithmIdentifier({
      algorithm: KEY_TYPES[signer.algorithm].cmsSignatureOids[0],
      ...(digest.nullParameter ? { parameters: null } : {}),
    }),
    signature: new OctetString(x509Signature(signer.algorithm, tokenSignature)),
  });
  const signedData = Object.assign(new ExactSignedData(), {
    version: CMSVersion.v1,
    digestAlgorithms: new DigestAlgorithmIdentifiers([algorithmIdentifier(digest)]),
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: id_data }),
    certificates: encodedSet(derSetOrder([signer.certificate, ...(signer.chain ?? [])], (der) => der)),
    signerInfos: encodedSet([new Uint8Array(AsnConvert.serialize(signerInfo))]),
  });
  return encodeSignedData(signedData);
}
