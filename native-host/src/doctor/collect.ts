import { homedir } from "node:os";
import { DOCTOR_SCHEMA_VERSION, type DoctorModule, type DoctorReport, type DoctorToken } from "../../../shared/protocol/index.ts";
import { certificateStatus, parseCertificate } from "../../../shared/x509/index.ts";
import type { OsId } from "../../../manifests/locations.ts";
import { knownModuleName, KNOWN_MODULES } from "../pkcs11/known-modules.ts";
import type { ModuleRegistry } from "../pkcs11/registry.ts";
import { browserRegistrations, systemBrowserProbe, type BrowserProbe } from "./browsers.ts";
import { detectCryptoPro, systemCryptoProProbe, type CryptoProProbe } from "./cryptopro.ts";
import { deriveFindings } from "./findings.ts";
import { inspectSlots, pkcs11ErrorText, type SlotInspection } from "./inspect-slots.ts";
import { inspectLibraryFile } from "./library-file.ts";
import { moduleState } from "./module-state.ts";
import { hideHomes } from "./privacy.ts";
import { regExeReader } from "./registry-reader.ts";
import { systemInfo } from "./system.ts";

export interface DoctorOptions {
  /** Serials, labels, certificate owners and home paths as they are. */
  full: boolean;
  hostVersion: string;
  env?: NodeJS.ProcessEnv;
  now?: Date;
  browsers?: BrowserProbe;
  cryptoPro?: CryptoProProbe;
}

function osId(platform: NodeJS.Platform): OsId {
  return platform === "win32" || platform === "darwin" ? platform : "linux";
}

function sourceOf(path: string, env: NodeJS.ProcessEnv): DoctorModule["source"] {
  if (env.KEP_PKCS11_MODULES !== undefined) return "env";
  return KNOWN_MODULES.some((m) => Object.values(m.paths).some((list) => list.some((p) => path === p || path.endsWith(`\\${p}`)))) ? "known" : "config";
}

/** Certificates summarised for the report: who issued them and how long they last; the owner only with --full. */
function describeCertificates(inspection: SlotInspection, full: boolean, now: Date): void {
  for (const [token, raws] of inspection.certificates) {
    token.certificates = raws.map(({ der, keyOnToken }): DoctorToken["certificates"][number] => {
      try {
        const info = parseCertificate(der);
        return {
          // A self-signed certificate's issuer is its owner.
          issuer: full || info.issuerName !== info.owner ? info.issuerName : "—",
          notAfter: info.notAfter.toISOString().slice(0, 10),
          daysLeft: certificateStatus(info, { now }).daysLeft,
          keyOnToken,
          ...(full ? { owner: info.owner, serialNumber: info.serialNumber } : {}),
        };
      } catch {
        return { issuer: "?", notAfter: "?", daysLeft: 0, keyOnToken };
      }
    });
  }
}

/**
 * Everything `kep doctor` reports, read through the host's own module registry, so the
 * libraries are the ones the host would load and a logged-in token is not disturbed.
 */
export async function collectDoctorReport(registry: ModuleRegistry, options: DoctorOptions): Promise<DoctorReport> {
  const env = options.env ?? process.env;
  const now = options.now ?? new Date();
  const home = homedir();
  const modules: DoctorModule[] = [];
  const byPath = new Map(registry.modules().map((m) => [m.path, m]));
  for (const status of registry.statuses()) {
    const file = inspectLibraryFile(status.path);
    const entry: DoctorModule = {
      path: status.path,
      name: knownModuleName(status.path) ?? status.name,
      source: sourceOf(status.path, env),
      state: moduleState(status.error, file),
      file,
      slots: [],
      ...(status.library ? { library: status.library } : {}),
      ...(status.error && !status.loaded ? { detail: status.error.message } : {}),
    };
    const module = byPath.get(status.path);
    if (module) {
      try {
        const inspection = await module.run((lib) => inspectSlots(lib, options.full));
        describeCertificates(inspection, options.full, now);
        entry.slots = inspection.slots;
      } catch (error) {
        entry.error = pkcs11ErrorText(error);
      }
    }
    modules.push(entry);
  }
  const partial: Omit<DoctorReport, "findings"> = {
    schema: DOCTOR_SCHEMA_VERSION,
    generatedAt: now.toISOString(),
    full: options.full,
    system: systemInfo(options.hostVersion),
    browsers: browserRegistrations(options.browsers ?? systemBrowserProbe(osId(process.platform), home, regExeReader, env)),
    modules,
    cryptoPro: detectCryptoPro(options.cryptoPro ?? systemCryptoProProbe(regExeReader, env)),
  };
  const report = { ...partial, findings: deriveFindings(partial) };
  return options.full ? report : hideHomes(report, home);
}
