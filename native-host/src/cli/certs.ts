import { fromBase64 } from "../../../shared/encoding.ts";
import {
  type CertificateObject,
  describeError,
  type ErrorInfo,
  KepError,
  type ResultOf,
  serializeError,
  type TokenInfo,
} from "../../../shared/protocol/index.ts";
import { certificateStatus, parseCertificate, type CertificateStatus } from "../../../shared/x509/index.ts";
import { listObjects } from "../tokens/list-objects.ts";
import { listTokens } from "../tokens/list-tokens.ts";
import type { CliContext } from "./context.ts";
import { pick } from "./lang.ts";
import { renderTable } from "./table.ts";
import { describeUnusable } from "./unusable-slot.ts";

const STATUS = {
  valid: ["действует", "valid"],
  expiring: ["скоро истекает", "expiring"],
  expired: ["истёк", "expired"],
  notYetValid: ["ещё не действует", "not yet valid"],
} as const;

/** A certificate object with what the table shows, parsed; null fields when it is not a readable certificate. */
type ListedCertificate = CertificateObject & {
  owner: string | null;
  issuer: string | null;
  notBefore: string | null;
  notAfter: string | null;
  daysLeft: number | null;
  status: CertificateStatus | null;
};

type ListedToken = (Omit<ResultOf<"listObjects">, "certificates"> & { certificates: ListedCertificate[] }) | { token: TokenInfo; error: ErrorInfo };

function withParsedFields(cert: CertificateObject, now: Date): ListedCertificate {
  try {
    const info = parseCertificate(fromBase64(cert.der));
    const { status, daysLeft } = certificateStatus(info, { now });
    return {
      ...cert,
      owner: info.owner,
      issuer: info.issuerName,
      notBefore: info.notBefore.toISOString(),
      notAfter: info.notAfter.toISOString(),
      daysLeft,
      status,
    };
  } catch {
    return { ...cert, owner: null, issuer: null, notBefore: null, notAfter: null, daysLeft: null, status: null };
  }
}

/**
 * Certificates on every usable token (or the one named), with the fields the table shows
 * also in --json. A token that cannot be read, and slots whose token is unusable, are
 * named; the others list as usual.
 */
export async function certsCommand(ctx: CliContext, serial: string | undefined): Promise<number> {
  const listing = await listTokens(ctx.registry);
  const tokens = serial ? listing.tokens.filter((t) => t.serial === serial) : listing.tokens;
  const unusable = serial ? listing.unusable.filter((s) => s.serial === serial) : listing.unusable;
  if (serial && tokens.length === 0 && unusable.length === 0) throw new KepError("TOKEN_NOT_PRESENT", `no token with serial ${serial}`, { serial });
  const now = new Date();
  const listed: ListedToken[] = [];
  for (const token of tokens) {
    try {
      const objects = await listObjects(ctx.registry.get(token.module), { module: token.module, serial: token.serial });
      listed.push({ ...objects, certificates: objects.certificates.map((c) => withParsedFields(c, now)) });
    } catch (error) {
      if (!(error instanceof KepError)) throw error;
      listed.push({ token, error: serializeError(error) });
    }
  }
  if (ctx.json) {
    console.log(JSON.stringify({ tokens: listed, unusable }, null, 2));
    return 0;
  }
  const rows = listed.flatMap((entry) =>
    "error" in entry
      ? []
      : entry.certificates.map((cert) =>
          cert.status === null
            ? [entry.token.serial, pick(ctx.lang, "нечитаемый объект", "unreadable object"), "", "", "", "", "", cert.thumbprint]
            : [
                entry.token.serial,
                cert.owner ?? "",
                cert.issuer ?? "",
                cert.notAfter?.slice(0, 10) ?? "",
                String(cert.daysLeft),
                pick(ctx.lang, STATUS[cert.status][0], STATUS[cert.status][1]),
                cert.key ? pick(ctx.lang, "есть", "yes") : pick(ctx.lang, "нет", "no"),
                cert.thumbprint,
              ],
        ),
  );
  if (rows.length === 0) {
    console.log(pick(ctx.lang, "На токенах нет сертификатов.", "No certificates on the tokens."));
  } else {
    const header =
      ctx.lang === "ru"
        ? ["Токен", "Владелец", "Издатель", "Действует до", "Дней", "Состояние", "Ключ", "Отпечаток SHA-1"]
        : ["Token", "Owner", "Issuer", "Valid to", "Days", "Status", "Key", "SHA-1 thumbprint"];
    console.log(renderTable(header, rows));
  }
  for (const entry of listed) {
    if ("error" in entry)
      console.log(
        pick(
          ctx.lang,
          `Токен ${entry.token.serial}: ${describeError(entry.error, ctx.lang).message}`,
          `Token ${entry.token.serial}: ${describeError(entry.error, ctx.lang).message}`,
        ),
      );
  }
  for (const slot of unusable) console.log(describeUnusable(slot, ctx.lang));
  return listed.some((entry) => "error" in entry) ? 1 : 0;
}
