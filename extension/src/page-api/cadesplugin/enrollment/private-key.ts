import type { KeyAlgorithmName } from "../../../../../shared/protocol/index.ts";
import { HRESULT, PageError, type PageBackend, type PageKey, type PageKeyRequest } from "../../backend.ts";
import { CadesObject } from "../async-proxy.ts";
import { CADES_CONSTANTS, PROVIDERS } from "../constants.ts";

/**
 * X509Enrollment.CX509PrivateKey. ProviderType picks the algorithm (80 → GOST R
 * 34.10-2012 256, 81 → 512); the key is made on the token by backend.generateKey when the
 * page calls Create() or CX509Enrollment.CreateRequest(). ContainerName, KeySpec,
 * ExportPolicy, Existing and Pin are accepted for pages that set them, but a token key is
 * never exportable and the PIN is asked for in the extension's window.
 */
export class CX509PrivateKey extends CadesObject {
  #providerType: number = PROVIDERS["gost2012-256"].type;
  #providerName: string = PROVIDERS["gost2012-256"].name;
  #containerName = "";
  #keySpec: number = CADES_CONSTANTS.AT_KEYEXCHANGE;
  #exportPolicy = 0;
  #existing = false;
  #key: PageKey | null = null;

  constructor(private readonly backend: PageBackend) {
    super();
  }

  get ProviderType(): number {
    return this.#providerType;
  }

  set ProviderType(type: number) {
    this.#providerType = type;
  }

  get ProviderName(): string {
    return this.#providerName;
  }

  set ProviderName(name: string) {
    this.#providerName = name;
  }

  get ContainerName(): string {
    return this.#containerName;
  }

  set ContainerName(name: string) {
    this.#containerName = name;
  }

  get KeySpec(): number {
    return this.#keySpec;
  }

  set KeySpec(spec: number) {
    this.#keySpec = spec;
  }

  get ExportPolicy(): number {
    return this.#exportPolicy;
  }

  set ExportPolicy(policy: number) {
    this.#exportPolicy = policy;
  }

  get Existing(): boolean {
    return this.#existing;
  }

  set Existing(existing: boolean) {
    this.#existing = existing;
  }

  set Pin(_pin: string) {
    // Deliberately dropped: the PIN never passes through the page.
  }

  get Pin(): string {
    return "";
  }

  get Length(): number {
    return this.#algorithm() === "gost2012-512" ? 512 : 256;
  }

  async Create(): Promise<void> {
    await this.key();
  }

  /** The token key, generated on first use; with the subject when the request is known by then, for the window to show. */
  async key(subject?: PageKeyRequest["subject"]): Promise<PageKey> {
    if (this.#existing) throw new PageError(HRESULT.notFound, "Открытие существующего контейнера не поддерживается");
    this.#key ??= await this.backend.generateKey({ algorithm: this.#algorithm(), ...(subject ? { subject } : {}) });
    return this.#key;
  }

  #algorithm(): KeyAlgorithmName {
    const found = Object.entries(PROVIDERS).find(([, p]) => p.type === this.#providerType);
    if (!found) throw new PageError(HRESULT.badAlgorithm, `Тип криптопровайдера ${this.#providerType} не поддерживается`);
    return found[0] as KeyAlgorithmName;
  }
}
