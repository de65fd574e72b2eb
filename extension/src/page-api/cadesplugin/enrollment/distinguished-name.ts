import { CadesObject } from "../async-proxy.ts";
import { parseName } from "../distinguished-name.ts";

/**
 * X509Enrollment.CX500DistinguishedName. Encode("CN=…, ИНН=…, 1.2.643.100.3=…") takes
 * the names CryptoPro prints, the Latin aliases (INN, SNILS, OGRN, …) and bare or "OID."
 * OIDs; the flags argument (X500NameFlags) narrows the separators and turns off "+" or
 * quoting, as CertStrToName's do.
 */
export class CX500DistinguishedName extends CadesObject {
  #name = "";
  #attributes: { oid: string; value: string }[] = [];

  Encode(name: string, flags = 0): void {
    this.#attributes = parseName(String(name), Number(flags) || 0);
    this.#name = String(name);
  }

  get Name(): string {
    return this.#name;
  }

  /** For the request: the attributes in the order written. */
  attributes(): readonly { oid: string; value: string }[] {
    return this.#attributes;
  }
}
