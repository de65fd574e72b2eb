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
  "ИННЮЛ": "1.2.643.100.4",
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

/**
 * Parses an X.500 string the way CX500DistinguishedName.Encode takes it: "," or ";"
 * (and "+" inside an RDN) separate attributes, spaces around keys, values and separators
 * are dropped, a separator may end the name, values may be quoted with "" escaping, and
 * a type is a short name, an alias, a bare OID or "OID.x.y.z". Returns the attributes in
 * the order written.
 */
export function parseName(text: string): { oid: string; value: string }[] {
  const out: { oid: string; value: string }[] = [];
  let i = 0;
  const skipSpaces = () => {
    while (text[i] === " ") i++;
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
    if (text[i] === '"') {
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
      const end = text.slice(i).search(/[,;+]/);
      value = (end < 0 ? text.slice(i) : text.slice(i, i + end)).trim();
      i = end < 0 ? text.length : i + end;
    }
    out.push({ oid: oidOf(key), value });
    if (i < text.length && !",;+".includes(text[i] ?? "")) throw invalidArg(`Неверное имя: "${text}"`);
    i++;
  }
  return out;
}
