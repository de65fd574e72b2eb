import { ATTRIBUTE_TYPES } from "../../../../shared/x509/index.ts";
import type { NameAttribute } from "../../../../shared/x509/index.ts";
import { invalidArg } from "./errors.ts";

/**
 * Names as the plug-in prints them (CertNameToStr with CERT_X500_NAME_STR, as CAPICOM
 * does): the last RDN first, "SHORT=value" joined by ", ", CryptoPro's short names for
 * the Russian identifiers (ИНН, ОГРН, СНИЛС, ...), "OID.x.y.z" for unregistered types,
 * and a value quoted with inner quotes doubled when it holds a separator, a quote or
 * edge spaces: `CN=Иванов Иван, O="ООО ""Ромашка""", ИНН=007701234567, C=RU`.
 * Multi-valued RDNs come out as separate entries (parseCertificate flattens them).
 */
export function formatName(attributes: readonly NameAttribute[]): string {
  return [...attributes]
    .reverse()
    .map(({ oid, value }) => `${ATTRIBUTE_TYPES[oid]?.name ?? `OID.${oid}`}=${quote(value)}`)
    .join(", ");
}

function quote(value: string): string {
  if (value !== "" && !/[,+="\r\n<>#;]/.test(value) && value.trim() === value) return value;
  return `"${value.replace(/"/g, '""')}"`;
}

/** Keys CertStrToName accepts besides the printed short names, mapped to OIDs. */
const ALIASES: Readonly<Record<string, string>> = {
  EMAIL: "1.2.840.113549.1.9.1",
  ST: "2.5.4.8",
  GIVENNAME: "2.5.4.42",
  TITLE: "2.5.4.12",
  INN: "1.2.643.3.131.1.1",
  INNLE: "1.2.643.100.4",
  ИННЮЛ: "1.2.643.100.4",
  OGRN: "1.2.643.100.1",
  OGRNIP: "1.2.643.100.5",
  SNILS: "1.2.643.100.3",
};

const BY_NAME: ReadonlyMap<string, string> = new Map([
  ...Object.entries(ATTRIBUTE_TYPES).map(([oid, t]) => [t.name.toUpperCase(), oid] as const),
  ...Object.entries(ALIASES),
]);

function oidOf(key: string): string {
  const bare = key.replace(/^OID\./i, "");
  if (/^\d+(\.\d+)+$/.test(bare)) return bare;
  const oid = BY_NAME.get(key.toUpperCase());
  if (!oid) throw invalidArg(`Неизвестный атрибут имени "${key}"`);
  return oid;
}

/** X500NameFlags (CertEnroll) that change how CertStrToName reads a string. */
export const NAME_FLAGS = {
  commaOnly: 0x04000000,
  semicolonOnly: 0x40000000,
  crlfOnly: 0x08000000,
  noPlus: 0x20000000,
  noQuoting: 0x10000000,
} as const;

function separatorsFor(flags: number): string {
  if (flags & NAME_FLAGS.semicolonOnly) return ";";
  if (flags & NAME_FLAGS.commaOnly) return ",";
  if (flags & NAME_FLAGS.crlfOnly) return "\r\n";
  return ",;";
}

/**
 * Parses an X.500 string the way CX500DistinguishedName.Encode (CertStrToName) takes it:
 * "," or ";" separate RDNs unless `flags` allow only one of them (or only CR/LF), "+"
 * separates the values of one RDN unless NO_PLUS, spaces around keys, values and
 * separators are dropped, a separator may end the name, values may be quoted with ""
 * escaping unless NO_QUOTING, and a type is a short name, an alias, a bare OID or
 * "OID.x.y.z". Returns the attributes in the order written.
 */
export function parseName(text: string, flags = 0): { oid: string; value: string }[] {
  const separators = separatorsFor(flags) + (flags & NAME_FLAGS.noPlus ? "" : "+");
  const quoting = !(flags & NAME_FLAGS.noQuoting);
  const out: { oid: string; value: string }[] = [];
  let i = 0;
  const skipSpaces = () => {
    while (text[i] === " " || text[i] === "\t") i++;
  };
  const nextSeparator = (from: number) => {
    for (let j = from; j < text.length; j++) if (separators.includes(text[j]!)) return j;
    return text.length;
  };
  while (i < text.length) {
    skipSpaces();
    // A separator may end the name ("CN=…, O=…, "), as CertStrToName allows.
    if (i >= text.length && out.length > 0) break;
    const eq = text.indexOf("=", i);
    if (eq < 0) throw invalidArg(`Неверное имя: "${text}"`);
    const key = text.slice(i, eq).trim();
    i = eq + 1;
    skipSpaces();
    let value = "";
    if (quoting && text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw invalidArg(`Незакрытая кавычка в имени: "${text}"`);
        value += text.slice(i, q);
        i = q + 1;
        if (text[i] !== '"') break;
        value += '"';
        i++;
      }
      skipSpaces();
    } else {
      const end = nextSeparator(i);
      value = text.slice(i, end).trim();
      i = end;
      // CertStrToName reads "#…" as hex of a binary value, which no certificate request field takes.
      if (value.startsWith("#")) throw invalidArg(`Двоичное значение атрибута ${key} ("${value}") в запросе не поддерживается`);
    }
    out.push({ oid: oidOf(key), value });
    if (i < text.length && !separators.includes(text[i]!)) throw invalidArg(`Неверное имя: "${text}"`);
    i++;
  }
  return out;
}
