/**
 * The signingCertificateV2 attribute (RFC 5035), which the ASN.1 libraries lack: the signer
 * certificate's hash with its algorithm, and its issuer and serial number. Decorators are
 * applied as calls because the project compiles without legacy decorator syntax.
 */
import { AsnArray, AsnIntegerArrayBufferConverter, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes, OctetString } from "@peculiar/asn1-schema";
import { AlgorithmIdentifier, GeneralName } from "@peculiar/asn1-x509";

export const id_aa_signingCertificateV2 = "1.2.840.113549.1.9.16.2.47";

class IssuerSerial {
  issuer: GeneralName[] = [];
  serialNumber = new ArrayBuffer(0);
}
AsnProp({ type: GeneralName, repeated: "sequence" })(IssuerSerial.prototype, "issuer");
AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter })(IssuerSerial.prototype, "serialNumber");

/** hashAlgorithm DEFAULT sha256: absent means SHA-256. */
export class EssCertIdV2 {
  hashAlgorithm?: AlgorithmIdentifier;
  certHash = new OctetString();
  issuerSerial?: IssuerSerial;
}
AsnProp({ type: AlgorithmIdentifier, optional: true })(EssCertIdV2.prototype, "hashAlgorithm");
AsnProp({ type: OctetString })(EssCertIdV2.prototype, "certHash");
AsnProp({ type: IssuerSerial, optional: true })(EssCertIdV2.prototype, "issuerSerial");

class EssCertIdsV2 extends AsnArray<EssCertIdV2> {}
AsnType({ type: AsnTypeTypes.Sequence, itemType: EssCertIdV2 })(EssCertIdsV2);

/** policies (SEQUENCE OF PolicyInformation) is never written and, when read, not used. */
export class SigningCertificateV2 {
  certs = new EssCertIdsV2();
}
AsnProp({ type: EssCertIdsV2 })(SigningCertificateV2.prototype, "certs");
