import type { PageBackend } from "../backend.ts";
import { CadesObject } from "./async-proxy.ts";
import { certificateEntry, type CertificateEntry } from "./certificate.ts";
import { Certificates } from "./certificates.ts";
import { CADES_CONSTANTS } from "./constants.ts";

const C = CADES_CONSTANTS;
/** Pages pass the name as a string: the plug-in defines a constant for "My" only. */
const ROOT_STORE = "root";

/**
 * CAdESCOM.Store / CAPICOM.Store. The token's certificates are the current user's "My"
 * store, the container store (100) and the smart-card store (4), since for a USB token
 * these are the same set. "Root" (the user's or the machine's) holds the CA certificates the
 * user added in the options page and those a token keeps as CA objects: the tax service's
 * pages look there for the FNS and Минцифры CAs. Every other store is empty, as the shim
 * has no system store to read.
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
    const storeName = String(name).toLowerCase();
    const isTokenStore =
      location === C.CADESCOM_CONTAINER_STORE ||
      location === C.CAPICOM_SMART_CARD_USER_STORE ||
      (location === C.CAPICOM_CURRENT_USER_STORE && storeName === C.CAPICOM_MY_STORE.toLowerCase());
    const isRootStore = (location === C.CAPICOM_CURRENT_USER_STORE || location === C.CAPICOM_LOCAL_MACHINE_STORE) && storeName === ROOT_STORE;
    const listed = isTokenStore ? this.backend.listCertificates() : isRootStore ? this.backend.listRoots() : Promise.resolve([]);
    this.#entries = (await listed).map(certificateEntry);
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
