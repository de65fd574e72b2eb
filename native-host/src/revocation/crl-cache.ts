import type { Crl } from "../../../shared/x509/crl.ts";

const MAX_ENTRIES = 16;

/**
 * CRLs by distribution point URL, each until its nextUpdate: a CA promises no newer list
 * before then, so asking again earlier only tells the network once more which CA the user
 * has. In memory only; a CRL without nextUpdate is not kept. Only CRLs that verified and
 * were current are put here.
 */
export class CrlCache {
  readonly #entries = new Map<string, Crl>();

  get(url: string, now: Date): Crl | undefined {
    const crl = this.#entries.get(url);
    if (crl && crl.nextUpdate !== null && now < crl.nextUpdate) return crl;
    this.#entries.delete(url);
    return undefined;
  }

  put(url: string, crl: Crl): void {
    if (crl.nextUpdate === null) return;
    this.#entries.delete(url);
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(url, crl);
  }
}
