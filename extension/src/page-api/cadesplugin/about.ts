import type { PageAbout, PageBackend } from "../backend.ts";
import { CadesObject } from "./async-proxy.ts";

/** The plug-in's Version object: three numbers and toString() giving "2.0.15400". */
export class Version extends CadesObject {
  readonly #parts: readonly [number, number, number];

  constructor(text: string) {
    super();
    const [major = 0, minor = 0, build = 0] = text.split(".").map((p) => Number.parseInt(p, 10) || 0);
    this.#parts = [major, minor, build];
  }

  get MajorVersion(): number {
    return this.#parts[0];
  }

  get MinorVersion(): number {
    return this.#parts[1];
  }

  get BuildVersion(): number {
    return this.#parts[2];
  }

  override toString(): string {
    return this.#parts.join(".");
  }
}

/**
 * CAdESCOM.About. Pages gate on these numbers (crypto-pro wants plug-in ≥ 2.0.12438 and
 * CSP ≥ 4.0), so the backend reports versions the pages accept; the CSP arguments
 * (name, provider type) are ignored because one token stack answers for all of them.
 */
export class About extends CadesObject {
  #about: Promise<PageAbout> | null = null;

  constructor(private readonly backend: PageBackend) {
    super();
  }

  /** One backend call per object; a failure is not cached, so a later read retries. */
  private about(): Promise<PageAbout> {
    this.#about ??= this.backend.about().catch((error: unknown) => {
      this.#about = null;
      throw error;
    });
    return this.#about;
  }

  get Version(): Promise<string> {
    return this.about().then((a) => new Version(a.pluginVersion).toString());
  }

  get PluginVersion(): Promise<Version> {
    return this.about().then((a) => new Version(a.pluginVersion));
  }

  get MajorVersion(): Promise<number> {
    return this.PluginVersion.then((v) => v.MajorVersion);
  }

  get MinorVersion(): Promise<number> {
    return this.PluginVersion.then((v) => v.MinorVersion);
  }

  get BuildVersion(): Promise<number> {
    return this.PluginVersion.then((v) => v.BuildVersion);
  }

  async CSPVersion(): Promise<Version> {
    return new Version((await this.about()).cspVersion);
  }

  async CSPName(): Promise<string> {
    return (await this.about()).cspName;
  }
}
