import { KEY_PURPOSES } from "../../../../shared/x509/index.ts";
import type { CertificateInfo } from "../../../../shared/x509/index.ts";
import { toBase64 } from "../../../../shared/encoding.ts";
import { CadesObject } from "./async-proxy.ts";
import { CadesCollection } from "./collection.ts";
import { CADES_CONSTANTS, KEY_ALGORITHM_FRIENDLY_NAMES, PROVIDERS } from "./constants.ts";
import { CadesOid } from "./oid.ts";

/** The objects a Certificate hands out: IsValid(), PublicKey(), KeyUsage(), ExtendedKeyUsage(), PrivateKey. */

export class CertificateStatus extends CadesObject {
  constructor(private readonly valid: boolean) {
    super();
  }

  /**
   * Only the validity period is checked: the page has no chain engine and no revocation
   * source, and the CA's own checks decide for qualified certificates.
   */
  get Result(): boolean {
    return this.valid;
  }

  get CheckFlag(): number {
    return 0;
  }
}

export class EncodedData extends CadesObject {
  constructor(private readonly bytes: Uint8Array) {
    super();
  }

  /** Base64, CryptoPro's default encoding. */
  get Value(): string {
    return toBase64(this.bytes);
  }

  Format(): string {
    return toBase64(this.bytes);
  }
}

export class PublicKey extends CadesObject {
  constructor(
    private readonly info: CertificateInfo,
    private readonly spki: { key: Uint8Array; parameters: Uint8Array },
  ) {
    super();
  }

  get Algorithm(): CadesOid {
    const { oid } = this.info.publicKey;
    return new CadesOid(oid, KEY_ALGORITHM_FRIENDLY_NAMES[oid] ?? oid);
  }

  /** Key size in bits: 256/512 for GOST (half the point length), the modulus for RSA. */
  get Length(): number {
    const { algorithm, raw } = this.info.publicKey;
    if (algorithm === "gost2012-256" || algorithm === "gost2001") return 256;
    if (algorithm === "gost2012-512") return 512;
    if (algorithm === "ec" || algorithm === "ec-p256") return ((raw.length - 1) / 2) * 8;
    return raw.length * 8;
  }

  get EncodedKey(): EncodedData {
    return new EncodedData(this.spki.key);
  }

  get EncodedParameters(): EncodedData {
    return new EncodedData(this.spki.parameters);
  }
}

export class KeyUsage extends CadesObject {
  constructor(
    private readonly usages: readonly string[],
    private readonly critical: boolean | null,
  ) {
    super();
  }

  get IsPresent(): boolean {
    return this.critical !== null;
  }
  get IsCritical(): boolean {
    return this.critical === true;
  }
  get IsDigitalSignatureEnabled(): boolean {
    return this.usages.includes("digitalSignature");
  }
  get IsNonRepudiationEnabled(): boolean {
    return this.usages.includes("nonRepudiation");
  }
  get IsKeyEnciphermentEnabled(): boolean {
    return this.usages.includes("keyEncipherment");
  }
  get IsDataEnciphermentEnabled(): boolean {
    return this.usages.includes("dataEncipherment");
  }
  get IsKeyAgreementEnabled(): boolean {
    return this.usages.includes("keyAgreement");
  }
  get IsKeyCertSignEnabled(): boolean {
    return this.usages.includes("keyCertSign");
  }
  get IsCRLSignEnabled(): boolean {
    return this.usages.includes("cRLSign");
  }
  get IsEncipherOnlyEnabled(): boolean {
    return this.usages.includes("encipherOnly");
  }
  get IsDecipherOnlyEnabled(): boolean {
    return this.usages.includes("decipherOnly");
  }
}

/** CAPICOM_EKU values for the purposes CAPICOM names; everything else is EKU_OTHER. */
const EKU_NAMES: Readonly<Record<string, number>> = {
  "1.3.6.1.5.5.7.3.2": CADES_CONSTANTS.CAPICOM_EKU_CLIENT_AUTH,
  "1.3.6.1.4.1.311.20.2.2": CADES_CONSTANTS.CAPICOM_EKU_SMARTCARD_LOGON,
};

export class Eku extends CadesObject {
  constructor(private readonly oid: string) {
    super();
  }

  get OID(): string {
    return this.oid;
  }

  get Name(): number {
    return EKU_NAMES[this.oid] ?? CADES_CONSTANTS.CAPICOM_EKU_OTHER;
  }

  get FriendlyName(): string {
    return KEY_PURPOSES[this.oid] ?? this.oid;
  }
}

export class ExtendedKeyUsage extends CadesObject {
  constructor(
    private readonly oids: readonly string[],
    private readonly critical: boolean | null,
  ) {
    super();
  }

  get IsPresent(): boolean {
    return this.critical !== null;
  }

  get IsCritical(): boolean {
    return this.critical === true;
  }

  get EKUs(): CadesCollection<Eku> {
    return new CadesCollection(this.oids.map((oid) => new Eku(oid)));
  }
}

/** Certificate.PrivateKey: where the key lives, in CSP terms. */
export class PrivateKeyInfo extends CadesObject {
  constructor(
    private readonly algorithm: CertificateInfo["publicKey"]["algorithm"],
    private readonly container: string,
  ) {
    super();
  }

  private get provider(): { type: number; name: string } {
    return this.algorithm === "gost2012-512" ? PROVIDERS["gost2012-512"] : PROVIDERS["gost2012-256"];
  }

  get ProviderName(): string {
    return this.provider.name;
  }

  get ProviderType(): number {
    return this.provider.type;
  }

  get ContainerName(): string {
    return this.container;
  }

  get UniqueContainerName(): string {
    return this.container;
  }

  get KeySpec(): number {
    return CADES_CONSTANTS.AT_KEYEXCHANGE;
  }
}
