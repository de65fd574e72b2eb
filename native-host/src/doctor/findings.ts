import type { DoctorFinding, DoctorFindingId, DoctorModule, DoctorReport, DoctorSlot, ModuleState } from "../../../shared/protocol/index.ts";

/** Free public memory below this leaves no room for a new key pair and its certificate. */
export const LOW_MEMORY_BYTES = 4096;
/** Used memory beyond what PKCS#11 shows by more than this is storage it cannot see. */
export const HIDDEN_STORAGE_BYTES = 4096;

const MODULE_FINDINGS: Record<Exclude<ModuleState, "loaded">, DoctorFindingId> = {
  missing: "MODULE_MISSING",
  wrongArchitecture: "MODULE_WRONG_ARCH",
  notPkcs11: "MODULE_NOT_PKCS11",
  loadFailed: "MODULE_LOAD_FAILED",
  initFailed: "MODULE_INIT_FAILED",
  untrusted: "MODULE_UNTRUSTED",
};

const CRYPTOPRO_APPLICATION = /crypto-?pro|cprocsp/i;

export function slotSubject(module: DoctorModule, slot: DoctorSlot): string {
  const serial = slot.token?.serial;
  return `${module.name} · slot ${slot.slotId}${serial ? ` · ${serial}` : ""}`;
}

function tokenFindings(module: DoctorModule, slot: DoctorSlot): DoctorFinding[] {
  const subject = slotSubject(module, slot);
  const found: DoctorFinding[] = [];
  const add = (id: DoctorFindingId, severity: DoctorFinding["severity"]) => found.push({ id, severity, subject });
  if (slot.error) add("TOKEN_UNREADABLE", "error");
  const token = slot.token;
  if (!token) return found;
  if (token.error) add("TOKEN_UNREADABLE", "error");
  if (!token.initialized) {
    add("TOKEN_NOT_INITIALIZED", "warning");
    return found;
  }
  if (token.pin.locked) add("PIN_LOCKED", "error");
  else if (token.pin.finalTry) add("PIN_FINAL_TRY", "warning");
  else if (!token.pin.initialized) add("PIN_NOT_SET", "warning");
  if (!token.gost.generate256 || !token.gost.sign256) add("NO_GOST", "warning");
  const { freePublic } = token.memory;
  if (freePublic !== null && freePublic < LOW_MEMORY_BYTES) add("TOKEN_ALMOST_FULL", "warning");
  const { usedBytes, visibleBytes, dataByApplication } = token.objects;
  if (usedBytes !== null && usedBytes - visibleBytes > HIDDEN_STORAGE_BYTES) add("HIDDEN_STORAGE", "warning");
  if (dataByApplication.some((d) => CRYPTOPRO_APPLICATION.test(d.application))) add("CRYPTOPRO_OBJECTS", "info");
  return found;
}

/** The report's conclusions, most serious first; each id is explained in README's troubleshooting section. */
export function deriveFindings(report: Omit<DoctorReport, "findings">): DoctorFinding[] {
  const findings: DoctorFinding[] = [];
  for (const browser of report.browsers) {
    if (browser.problem) findings.push({ id: "MANIFEST_BROKEN", severity: "error", subject: browser.location });
  }
  const registered = new Set(report.browsers.filter((b) => b.registered).map((b) => b.id));
  const unregistered = [...new Set(report.browsers.filter((b) => b.found && !registered.has(b.id)).map((b) => b.label))];
  for (const label of unregistered) findings.push({ id: "HOST_NOT_REGISTERED", severity: "warning", subject: label });
  if (registered.size === 0 && unregistered.length === 0) findings.push({ id: "HOST_NOT_REGISTERED", severity: "warning" });

  if (report.modules.length === 0) findings.push({ id: "NO_MODULES", severity: "error" });
  for (const module of report.modules) {
    if (module.state !== "loaded") findings.push({ id: MODULE_FINDINGS[module.state], severity: "error", subject: module.path });
    else if (module.error) findings.push({ id: "TOKEN_UNREADABLE", severity: "error", subject: module.path });
    for (const slot of module.slots) findings.push(...tokenFindings(module, slot));
  }
  const loaded = report.modules.filter((m) => m.state === "loaded");
  if (loaded.length > 0 && !loaded.some((m) => m.slots.some((s) => s.tokenPresent))) findings.push({ id: "NO_TOKEN", severity: "warning" });

  const rank = { error: 0, warning: 1, info: 2 } as const;
  return findings.sort((a, b) => rank[a.severity] - rank[b.severity]);
}
