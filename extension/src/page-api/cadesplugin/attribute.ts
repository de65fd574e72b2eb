import { CadesObject } from "./async-proxy.ts";
import { CADES_CONSTANTS } from "./constants.ts";

const C = CADES_CONSTANTS;

/** OIDs of the attributes CPAttribute.Name selects (signingTime, CryptoPro's document name/description). */
const ATTRIBUTE_OIDS: Readonly<Record<number, string>> = {
  [C.CADESCOM_AUTHENTICATED_ATTRIBUTE_SIGNING_TIME]: "1.2.840.113549.1.9.5",
  [C.CADESCOM_AUTHENTICATED_ATTRIBUTE_DOCUMENT_NAME]: "1.2.643.2.45.1.1.1",
  [C.CADESCOM_AUTHENTICATED_ATTRIBUTE_DOCUMENT_DESCRIPTION]: "1.2.643.2.45.1.1.2",
};

/**
 * CAdESCOM.CPAttribute. The token stack always adds signingTime itself, so a page's
 * SIGNING_TIME attribute is accepted and not copied; DOCUMENT_NAME is shown in the
 * confirmation window (see signed-data.ts).
 */
export class CPAttribute extends CadesObject {
  #name: number = C.CADESCOM_ATTRIBUTE_OTHER;
  #oid = "";
  #value: unknown = undefined;

  get Name(): number {
    return this.#name;
  }

  set Name(name: number) {
    this.#name = name;
    this.#oid = ATTRIBUTE_OIDS[name] ?? this.#oid;
  }

  get OID(): string {
    return this.#oid;
  }

  set OID(oid: string) {
    this.#oid = oid;
    this.#name = C.CADESCOM_ATTRIBUTE_OTHER;
  }

  get Value(): unknown {
    return this.#value;
  }

  set Value(value: unknown) {
    this.#value = value;
  }
}
