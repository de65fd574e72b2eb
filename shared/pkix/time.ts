/**
 * The one reader of certificate dates. RFC 5280 §4.1.2.5 allows exactly two forms, in UTC
 * and to the second: UTCTime YYMMDDHHMMSSZ (YY below 50 is 20YY, else 19YY) and
 * GeneralizedTime YYYYMMDDHHMMSSZ. The ASN.1 library accepts more (fractions, offsets, local
 * time, text around the digits), so the certificate reader hands its times to this instead.
 */
import { CertificateParseError } from "../x509/errors.ts";

export type TimeKind = "utc" | "generalized";

const FORMS: Readonly<Record<TimeKind, RegExp>> = {
  utc: /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/,
  generalized: /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/,
};

export function certificateTime(kind: TimeKind, text: string): Date {
  const m = FORMS[kind].exec(text);
  if (!m) throw new CertificateParseError(`certificate time "${text}" is not a DER ${kind === "utc" ? "UTCTime" : "GeneralizedTime"}`);
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const fullYear = kind === "utc" ? (year >= 50 ? 1900 : 2000) + year : year;
  const date = new Date(Date.UTC(fullYear, month - 1, day, hour, minute, second));
  // Date.UTC rolls 31 February over into March; a certificate date must name a real moment.
  const exact =
    date.getUTCFullYear() === fullYear &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  if (!exact) throw new CertificateParseError(`certificate time "${text}" is not a calendar date`);
  return date;
}
