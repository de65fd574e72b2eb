import { HRESULT, PageError } from "../../backend.ts";
import { CadesObject } from "../async-proxy.ts";
import { PROVIDERS } from "../constants.ts";
import { invalidArg } from "../errors.ts";

type Provider = (typeof PROVIDERS)[keyof typeof PROVIDERS];

/**
 * X509Enrollment.CCspInformation: one of the providers the enrollment objects stand in
 * for. LegacyCsp is true because CryptoPro CSP is a CryptoAPI (not CNG) provider, which is
 * what pages check before they set ProviderName and ProviderType on CX509PrivateKey.
 */
export class CCspInformation extends CadesObject {
  #provider: Provider | null = null;

  /** For CCspInformations: an initialised entry. */
  static of(provider: Provider): CCspInformation {
    const info = new CCspInformation();
    info.#provider = provider;
    return info;
  }

  InitializeFromName(name: string): void {
    const found = Object.values(PROVIDERS).find((p) => p.name === String(name));
    if (!found)
      throw new PageError(
        HRESULT.providerNotFound,
        `Криптопровайдер "${String(name)}" недоступен: kep-bridge заменяет только провайдеры ГОСТ Р 34.10-2012 (типы 80 и 81)`,
      );
    this.#provider = found;
  }

  get Name(): string {
    return this.#initialised().name;
  }

  get Type(): number {
    return this.#initialised().type;
  }

  get LegacyCsp(): boolean {
    this.#initialised();
    return true;
  }

  get Valid(): boolean {
    return this.#provider !== null;
  }

  #initialised(): Provider {
    if (!this.#provider) throw invalidArg("CCspInformation не инициализирован (InitializeFromName)");
    return this.#provider;
  }
}

/**
 * X509Enrollment.CCspInformations: empty until AddAvailableCsps, then the GOST 2012
 * providers in type order. ItemByIndex counts from 0, as CertEnroll's collections do.
 */
export class CCspInformations extends CadesObject {
  #items: CCspInformation[] = [];

  AddAvailableCsps(): void {
    this.#items = Object.values(PROVIDERS).map((p) => CCspInformation.of(p));
  }

  get Count(): number {
    return this.#items.length;
  }

  ItemByIndex(index: number): CCspInformation {
    const item = Number.isInteger(index) ? this.#items[index] : undefined;
    if (!item) throw invalidArg(`Индекс ${String(index)} вне диапазона 0..${this.#items.length - 1}`);
    return item;
  }

  ItemByName(name: string): CCspInformation {
    const item = this.#items.find((i) => i.Name === String(name));
    if (!item) throw new PageError(HRESULT.providerNotFound, `Криптопровайдер "${String(name)}" не найден`);
    return item;
  }
}
