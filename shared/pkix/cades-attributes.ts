/**
 * The CAdES-BES signed attributes as CryptoPro writes them (docs/cms-cades.md#signed-attributes):
 * contentType, signingTime, messageDigest and signingCertificateV2.
 */
import { AsnArray, AsnConvert, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes, OctetString } from "@peculiar/asn1-schema";
import { Attribute, id_contentType, id_data, id_messageDigest, id_signingTime, SigningTime } from "@peculiar/asn1-cms";
import { AlgorithmIdentifier, GeneralName, Name } from "@peculiar/asn1-x509";
import { DIGESTS, type Digest } from "../algorithms/registry.ts";
import { asEncoded, derSetOrder, integerContent, octetStringValue, oidValue } from "./der-values.ts";
import { essCertIds, EssCertIdV2, id_aa_signingCertificateV2, IssuerSerial, SigningCertificateV2 } from "./ess-signing-certificate.ts";

/** SET OF Attribute: what the signature covers (RFC 5652 §5.4); decorators applied as calls. */
class AttributeSet extends AsnArray<Attribute> {}
AsnType({ type: AsnTypeTypes.Set, itemType: Attribute })(AttributeSet);

export interface CadesAttributeInput {
  /** The digest of the signer's key type: the document's and the certificate's hash. */
  digest: Digest;
  /** The document's digest, computed by the caller where the document is. */
  messageDigest: Uint8Array;
  signingTime: Date;
  /** The signer's certificate: its hash, issuer Name and serialNumber INTEGER, each as encoded. */
  certificateHash: Uint8Array;
  issuer: Uint8Array;
  serialNumber: Uint8Array;
}

export function algorithmIdentifier(digest: Digest): AlgorithmIdentifier {
  return new AlgorithmIdentifier({ algorithm: digest.oid, ...(digest.nullParameter ? { parameters: null } : {}) });
}

/** An Attribute whose values, encoded here, are written as they are (der-values.ts `asEncoded`). */
class EncodedAttribute extends Attribute {}
AsnProp({ type: AsnPropTypes.Any, repeated: "set", converter: asEncoded })(EncodedAttribute.prototype, "attrValues");

const attribute = (attrType: string, value: ArrayBuffer): Attribute => new EncodedAttribute({ attrType, attrValues: [value] });

/** ESSCertIDv2 names the hash, since GOST is not the default SHA-256, and the issuer and serial. */
function signingCertificate(input: CadesAttributeInput): SigningCertificateV2 {
  const id = new EssCertIdV2();
  if (input.digest.oid !== DIGESTS["sha-256"].oid) id.hashAlgorithm = algorithmIdentifier(input.digest);
  id.certHash = new OctetString(input.certificateHash);
  id.issuerSerial = Object.assign(new IssuerSerial(), {
    issuer: [new GeneralName({ directoryName: AsnConvert.parse(input.issuer, Name) })],
    serialNumber: integerContent(input.serialNumber),
  });
  return Object.assign(new SigningCertificateV2(), { certs: essCertIds([id]) });
}

/** The four attributes in DER order, which the signature covers. */
export function cadesAttributes(input: CadesAttributeInput): Attribute[] {
  const attributes = [
    attribute(id_contentType, oidValue(id_data)),
    attribute(id_signingTime, AsnConvert.serialize(new SigningTime(input.signingTime))),
    attribute(id_messageDigest, octetStringValue(input.messageDigest)),
    attribute(id_aa_signingCertificateV2, AsnConvert.serialize(signingCertificate(input))),
  ];
  return derSetOrder(attributes, (value) => new Uint8Array(AsnConvert.serialize(value)));
}

/** What the token's signature covers: the attributes encoded as a SET OF (RFC 5652 §5.4). */
export function attributesToSign(attributes: readonly Attribute[]): Uint8Array {
  return new Uint8Array(AsnConvert.serialize(new AttributeSet([...attributes])));
}
