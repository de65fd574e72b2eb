import { toBase64 } from "../../../shared/encoding.ts";
import { certificateFromFile, issuerNameOf, parseCertificate } from "../../../shared/x509/index.ts";
import { certificateThumbprint } from "../../../shared/x509/thumbprint.ts";
import { kepDb } from "./db.ts";
import type { TrustedRoot } from "./schema.ts";

/** Why a file was not added: it holds no certificate we can read, or the certificate is not a CA's. */
export class RootRejected extends Error {
  constructor(readonly reason: "unreadable" | "notCa") {
    super(reason === "unreadable" ? "the file is not an X.509 certificate (DER or PEM)" : "the certificate is not a CA certificate");
  }
}

/**
 * Adds a CA certificate from a file's bytes; adding one twice keeps the first record. Only
 * CA certificates are taken: the store answers pages that look for their CA, and an end
 * entity there would only mislead them.
 */
export async function addTrustedRoot(file: Uint8Array, now = Date.now()): Promise<TrustedRoot> {
  let der: Uint8Array;
  let info: ReturnType<typeof parseCertificate>;
  try {
    der = certificateFromFile(file);
    info = parseCertificate(der);
  } catch {
    throw new RootRejected("unreadable");
  }
  if (!info.isCa) throw new RootRejected("notCa");
  const thumbprint = certificateThumbprint(der);
  const db = await kepDb();
  const existing = await db.get("trustedRoots", thumbprint);
  if (existing) return existing;
  const record: TrustedRoot = { thumbprint, der: toBase64(der), name: issuerNameOf(info.subject), notAfter: info.notAfter.getTime(), addedAt: now };
  await db.put("trustedRoots", record);
  return record;
}

/** In the order the user added them. */
export async function listTrustedRoots(): Promise<TrustedRoot[]> {
  return (await (await kepDb()).getAll("trustedRoots")).sort((a, b) => a.addedAt - b.addedAt);
}

export async function removeTrustedRoot(thumbprint: string): Promise<void> {
  await (await kepDb()).delete("trustedRoots", thumbprint);
}
