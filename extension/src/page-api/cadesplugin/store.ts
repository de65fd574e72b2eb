import type { PageBackend } from "../backend.ts";
import { CadesObject } from "./async-proxy.ts";
import { certificateEntry, type CertificateEntry } from "./certificate.ts";
import { Certificates } from "./certificates.ts";
import { CADES_CONSTANTS } from "./constants.ts";

const C = CADES_CONSTANTS;

/**
 * CAdESCOM.Store / CAPICOM.Store. The token's certificates are the current user's "My"
 * store, the container store (100) and the smart-card store (4), since for a USB token
 * these are the same set; every other store ("Root", "CA", the machine stores) is empty: the shim has no
 * system store to read, and pages only look for roots there to hint at setup problems.
 */
export class Store extends CadesObject {
  #entries: readonly CertificateEntry[] = [];
  #location: number = C.CAPICOM_CURRENT_USER_STORE;
  #name: string = C.CAPICOM_MY_STORE;

  constructor(private readonly backend: PageBackend) {
    super();
  }

  async Open(
    location: number = C.CAPICOM_CURRENT_USER_STORE,
    name: string = C.CAPICOM_MY_STORE,
    _mode: number = C.CAPICOM_STORE_OPEN_MAXIMUM_ALLOWED,
  ): Promise<void> {
    this.#location = location;
    this.#name = name;
    const isTokenStore =
      location === C.CADESCOM_CONTAINER_STORE ||
      location === C.CAPICOM_SMART_CARD_USER_STORE ||
      (location === C.CAPICOM_CURRENT_USER_STORE && String(name).toLowerCase() === C.CAPICOM_MY_STORE.toLowerCase());
    this.#entries = isTokenStore ? (await this.backend.listCertificates()).map(certificateEntry) : [];
  }

  Close(): void {
    this.#entries = [];
  }

  get Certificates(): Certificates {
    return new Certificates(this.#entries);
  }

  get Location(): number {
    return this.#location;
  }

  get Name(): string {
    return this.#name;
  }
}
