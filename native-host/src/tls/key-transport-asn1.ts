/**
 * The ClientKeyExchange structures of the GOST suites, as gost-engine's gost_asn1.c defines
 * them (RFC 4490 §4.2 and RFC 9189 §4.2.4.2). The schema decorators are applied as calls
 * because the project's TypeScript compiles without legacy decorator syntax.
 */
import { AsnConvert, AsnProp, AsnPropTypes } from "@peculiar/asn1-schema";
import { SubjectPublicKeyInfo } from "@peculiar/asn1-x509";

/** Gost28147-89-EncryptedKey: the wrapped premaster secret and its IMIT. */
export class Gost28147EncryptedKey {
  encryptedKey = new ArrayBuffer(0);
  macKey = new ArrayBuffer(0);
}
AsnProp({ type: AsnPropTypes.OctetString })(Gost28147EncryptedKey.prototype, "encryptedKey");
AsnProp({ type: AsnPropTypes.OctetString })(Gost28147EncryptedKey.prototype, "macKey");

/** GostR3410-TransportParameters; without ephemeralPublicKey the client certificate's key was used. */
export class GostR3410TransportParameters {
  encryptionParamSet = "";
  ephemeralPublicKey?: SubjectPublicKeyInfo;
  ukm = new ArrayBuffer(0);
}
AsnProp({ type: AsnPropTypes.ObjectIdentifier })(GostR3410TransportParameters.prototype, "encryptionParamSet");
AsnProp({ type: SubjectPublicKeyInfo, context: 0, implicit: true, optional: true })(GostR3410TransportParameters.prototype, "ephemeralPublicKey");
AsnProp({ type: AsnPropTypes.OctetString })(GostR3410TransportParameters.prototype, "ukm");

export class GostR3410KeyTransport {
  sessionEncryptedKey = new Gost28147EncryptedKey();
  transportParameters = new GostR3410TransportParameters();
}
AsnProp({ type: Gost28147EncryptedKey })(GostR3410KeyTransport.prototype, "sessionEncryptedKey");
AsnProp({ type: GostR3410TransportParameters, context: 0, implicit: true })(GostR3410KeyTransport.prototype, "transportParameters");

/** TLSGostKeyTransportBlob: the legacy suites' ClientKeyExchange body is this SEQUENCE. */
export class TlsGostKeyTransportBlob {
  keyBlob = new GostR3410KeyTransport();
}
AsnProp({ type: GostR3410KeyTransport })(TlsGostKeyTransportBlob.prototype, "keyBlob");

/** PSKeyTransport of RFC 9189 §4.2.4.2: the ClientKeyExchange body of the Kuznyechik and Magma suites. */
export class PsKeyTransport {
  psexp = new ArrayBuffer(0);
  ephemeralPublicKey = new SubjectPublicKeyInfo();
  ukm?: ArrayBuffer;
}
AsnProp({ type: AsnPropTypes.OctetString })(PsKeyTransport.prototype, "psexp");
AsnProp({ type: SubjectPublicKeyInfo })(PsKeyTransport.prototype, "ephemeralPublicKey");
AsnProp({ type: AsnPropTypes.OctetString, optional: true })(PsKeyTransport.prototype, "ukm");

export function derOf(value: object): Uint8Array {
  return new Uint8Array(AsnConvert.serialize(value));
}
