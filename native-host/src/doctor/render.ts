import type { DoctorModule, DoctorReport, DoctorSlot, DoctorToken, Lang } from "../../../shared/protocol/index.ts";
import { FINDING_TEXTS } from "./finding-texts.ts";

type Words = Record<Lang, string>;
const w = (ru: string, en: string): Words => ({ ru, en });

const STATE: Record<DoctorModule["state"], Words> = {
  loaded: w("загружена", "loaded"),
  missing: w("файла нет", "no such file"),
  wrongArchitecture: w("другая архитектура", "wrong architecture"),
  notPkcs11: w("не библиотека PKCS#11", "not a PKCS#11 library"),
  loadFailed: w("не загрузилась", "failed to load"),
  initFailed: w("ошибка C_Initialize", "C_Initialize failed"),
  untrusted: w("отказано: небезопасный путь", "refused: unsafe path"),
};

const SOURCE: Record<DoctorModule["source"], Words> = {
  known: w("из списка известных", "from the known list"),
  config: w("из config.json", "from config.json"),
  env: w("из KEP_PKCS11_MODULES", "from KEP_PKCS11_MODULES"),
};

const SEVERITY: Record<DoctorReport["findings"][number]["severity"], Words> = {
  error: w("ОШИБКА", "ERROR"),
  warning: w("ВНИМАНИЕ", "WARNING"),
  info: w("СВЕДЕНИЯ", "INFO"),
};

const CLASS: Record<string, Words> = {
  certificate: w("сертификатов", "certificates"),
  publicKey: w("открытых ключей", "public keys"),
  privateKey: w("закрытых ключей", "private keys"),
  secretKey: w("секретных ключей", "secret keys"),
  data: w("объектов данных", "data objects"),
};

function yesNo(value: boolean, lang: Lang): string {
  return value ? (lang === "ru" ? "да" : "yes") : lang === "ru" ? "нет" : "no";
}

function pinText(token: DoctorToken, lang: Lang): string {
  const { pin } = token;
  if (pin.locked) return lang === "ru" ? "заблокирован" : "locked";
  if (pin.finalTry) return lang === "ru" ? "последняя попытка" : "final try";
  if (pin.countLow) return lang === "ru" ? "были неверные попытки" : "wrong attempts made";
  if (!pin.initialized) return lang === "ru" ? "не задан" : "not set";
  return lang === "ru" ? "в порядке" : "ok";
}

function tokenLines(token: DoctorToken, lang: Lang): string[] {
  const ru = lang === "ru";
  const name = [token.manufacturer, token.model].filter(Boolean).join(" ");
  const lines = [
    `${ru ? "Токен" : "Token"}: ${name}${token.label !== undefined ? ` «${token.label}»` : ""}, ${ru ? "серийный" : "serial"} ${token.serial || "—"}, ` +
      `${ru ? "версии" : "versions"} hw ${token.hardwareVersion} / fw ${token.firmwareVersion}`,
    `${ru ? "Инициализирован" : "Initialised"}: ${yesNo(token.initialized, lang)}; PIN: ${pinText(token, lang)}`,
  ];
  const g = token.gost;
  const m = (ok: boolean) => (ok ? "+" : "−");
  lines.push(
    `${ru ? "ГОСТ 2012" : "GOST 2012"}: ${ru ? "создание ключей" : "key generation"} 256${m(g.generate256)} 512${m(g.generate512)}, ` +
      `${ru ? "подпись" : "signing"} 256${m(g.sign256)} 512${m(g.sign512)}, ${ru ? "выработка общего ключа" : "key agreement"} ${m(g.derive)}` +
      ` (${ru ? "механизмов ГОСТ" : "GOST mechanisms"}: ${token.mechanisms.length}, ${ru ? "прочих" : "others"}: ${token.otherMechanisms})`,
  );
  if (!token.initialized) return lines;
  const counts = Object.entries(token.objects.byClass).map(([cls, n]) => `${CLASS[cls]?.[lang] ?? cls}: ${n}`);
  lines.push(
    `${ru ? "Объекты" : "Objects"}${token.loggedIn ? "" : ru ? " (без входа, закрытые не видны)" : " (not logged in, private ones hidden)"}: ${counts.join(", ") || (ru ? "нет" : "none")}`,
  );
  for (const data of token.objects.dataByApplication) {
    lines.push(`  ${ru ? "данные приложения" : "data of application"} «${data.application}»: ${data.count}, ~${data.bytes} ${ru ? "байт" : "bytes"}`);
  }
  const { totalPublic, freePublic } = token.memory;
  const used = token.objects.usedBytes;
  lines.push(
    `${ru ? "Память" : "Memory"}: ` +
      (used === null || totalPublic === null || freePublic === null
        ? ru
          ? "токен не сообщает"
          : "not reported by the token"
        : `${ru ? "занято" : "used"} ${used} ${ru ? "из" : "of"} ${totalPublic} ${ru ? "байт, свободно" : "bytes, free"} ${freePublic}`) +
      `; ${ru ? "видимые объекты" : "visible objects"} ~${token.objects.visibleBytes} ${ru ? "байт" : "bytes"}`,
  );
  for (const cert of token.certificates) {
    const days = ru ? `${cert.daysLeft} дн.` : `${cert.daysLeft} days`;
    const key = ru ? (cert.keyOnToken ? "ключ на токене" : "ключа нет") : cert.keyOnToken ? "key on token" : "no key";
    const owner = cert.owner !== undefined ? `${cert.owner}, ` : "";
    const serial = cert.serialNumber !== undefined ? `, ${ru ? "серийный" : "serial"} ${cert.serialNumber}` : "";
    lines.push(`  ${ru ? "сертификат" : "certificate"}: ${owner}${ru ? "до" : "until"} ${cert.notAfter} (${days}), ${key}; ${cert.issuer}${serial}`);
  }
  if (token.error) lines.push(`${ru ? "Ошибка чтения" : "Read error"}: ${token.error}`);
  return lines;
}

function slotLines(slot: DoctorSlot, lang: Lang): string[] {
  const ru = lang === "ru";
  const head = `${ru ? "Слот" : "Slot"} ${slot.slotId}: ${slot.description || "—"}${slot.tokenPresent ? "" : ru ? " — токена нет" : " — no token"}`;
  const body = [...(slot.token ? tokenLines(slot.token, lang) : []), ...(slot.error ? [`${ru ? "Ошибка" : "Error"}: ${slot.error}`] : [])];
  return [head, ...body.map((line) => `  ${line}`)];
}

function moduleLines(module: DoctorModule, lang: Lang): string[] {
  const ru = lang === "ru";
  const lines = [`${module.name} — ${module.path}`, `  ${STATE[module.state][lang]} (${SOURCE[module.source][lang]})`];
  if (module.library) {
    const lib = module.library;
    lines.push(`  ${lib.manufacturer} ${lib.description} ${lib.version}, Cryptoki ${lib.cryptokiVersion}`);
  }
  if (module.file.exists) lines.push(`  ${ru ? "файл" : "file"}: ${module.file.format}${module.file.arch ? `, ${module.file.arch}` : ""}`);
  if (module.detail) lines.push(`  ${ru ? "причина" : "reason"}: ${module.detail}`);
  if (module.error) lines.push(`  ${ru ? "ошибка" : "error"}: ${module.error}`);
  if (module.state === "loaded" && module.slots.length === 0) lines.push(`  ${ru ? "слотов нет" : "no slots"}`);
  for (const slot of module.slots) lines.push(...slotLines(slot, lang).map((line) => `  ${line}`));
  return lines;
}

/** The report as a person reads it: the same facts as --json, in the user's language. */
export function renderReport(report: DoctorReport, lang: Lang): string {
  const ru = lang === "ru";
  const s = report.system;
  const out: string[] = [
    `${ru ? "Отчёт kep-bridge для поддержки" : "kep-bridge support report"} — ${report.generatedAt}`,
    report.full
      ? ru
        ? "Полный отчёт: содержит серийные номера и владельцев сертификатов."
        : "Full report: contains serial numbers and certificate owners."
      : ru
        ? "Без личных данных: серийные номера заменены хешами."
        : "No personal data: serial numbers are replaced by hashes.",
    "",
    `${ru ? "Система" : "System"}: ${s.platform} ${s.release} ${s.arch}`,
    `kep-bridge ${s.hostVersion}, ${s.runtime === "executable" ? (ru ? "исполняемый файл" : "single executable") : "node"} ${s.nodeVersion}`,
    "",
    `${ru ? "Браузеры" : "Browsers"}:`,
  ];
  const shown = report.browsers.filter((b) => b.found || b.registered);
  for (const b of shown) {
    const scope = b.scope === "user" ? (ru ? "пользователь" : "user") : ru ? "система" : "system";
    const state = b.registered ? (ru ? "зарегистрирована" : "registered") : ru ? "не зарегистрирована" : "not registered";
    out.push(`  ${b.label} (${scope}): ${state} — ${b.location}${b.problem ? `\n    ${b.problem}` : ""}`);
  }
  if (shown.length === 0) out.push(ru ? "  не найдены" : "  none found");
  out.push("", `${ru ? "Библиотеки PKCS#11" : "PKCS#11 libraries"}:`);
  for (const module of report.modules) out.push(...moduleLines(module, lang).map((line) => `  ${line}`));
  if (report.modules.length === 0) out.push(ru ? "  не найдены" : "  none found");
  const cp = report.cryptoPro;
  out.push(
    "",
    `${ru ? "КриптоПро CSP" : "CryptoPro CSP"}: ${cp.installed ? `${ru ? "установлен" : "installed"}${cp.version ? ` ${cp.version}` : ""} (${cp.location})` : ru ? "не установлен" : "not installed"}`,
    "",
    `${ru ? "Выводы" : "Findings"}:`,
  );
  for (const finding of report.findings) {
    const text = FINDING_TEXTS[finding.id][lang];
    out.push(
      `  [${SEVERITY[finding.severity][lang]}] ${finding.id}${finding.subject ? ` (${finding.subject})` : ""}: ${text.what}`,
      `    ${ru ? "Что делать" : "What to do"}: ${text.todo}`,
    );
  }
  if (report.findings.length === 0) out.push(ru ? "  проблем не найдено" : "  no problems found");
  return `${out.join("\n")}\n`;
}
