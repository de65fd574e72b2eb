import pkcs11js from "../pkcs11/pkcs11js.ts";
import { fromBase64 } from "../../../shared/encoding.ts";
import { CERTIFICATE_CATEGORY, KepError, type RequestOf, type ResultOf } from "../../../shared/protocol/index.ts";
import { certificateParts, type CertificateParts } from "../../../shared/x509/certificate-parts.ts";
import { certificateThumbprint } from "../../../shared/x509/thumbprint.ts";
import { ckrCode } from "../pkcs11/ckr.ts";
import type { Pkcs11Module } from "../pkcs11/module.ts";
import { readCertificates, readKeys } from "../tokens/inventory.ts";
import { pairObjects } from "../tokens/list-objects.ts";
import type { TokenSessions } from "../tokens/sessions.ts";
import { readTokenInfo } from "../tokens/token-info.ts";

/** Room a certificate object takes beyond its DER: attributes and the token's own bookkeeping. */
const OBJECT_OVERHEAD_BYTES = 512;

function parse(der: Uint8Array, what: string): CertificateParts {
  try {
    return certificateParts(der);
  } catch (error) {
    throw new KepError("BAD_REQUEST", `${what} is not a DER X.509 certificate: ${(error as Error).message}`);
  }
}

const sameBytes = (a: Uint8Array | null, b: Uint8Array) => a !== null && a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Writes a certificate next to its key pair. The key pair is found by public key, never
 * trusted from the caller, and its CKA_ID and label go onto the certificate so every
 * program pairs them. Writing a certificate already on the token succeeds without a
 * second copy. Free memory is checked first where the token reports it; a token that
 * does not report it still answers CKR_DEVICE_MEMORY, which becomes the same TOKEN_FULL.
 */
export async function writeCertificate(
  sessions: TokenSessions,
  module: Pkcs11Module,
  request: Pick<RequestOf<"writeCertificate">, "token" | "der" | "label" | "chain">,
): Promise<ResultOf<"writeCertificate">> {
  const der = fromBase64(request.der);
  const parts = parse(der, "the certificate");
  const chain = (request.chain ?? []).map((c, i) => ({ der: fromBase64(c), parts: parse(fromBase64(c), `chain certificate ${i + 1}`) }));

  return sessions.withSession(module, request.token, "write certificate", ({ lib, session, slot }) => {
    const keys = readKeys(lib, session);
    const pair = keys.find((k) => !k.isPrivate && sameBytes(k.publicKey, parts.publicKey));
    if (!pair || !keys.some((k) => k.isPrivate && k.id === pair.id)) {
      throw new KepError("KEY_NOT_FOUND", "no key pair on the token has this certificate's public key");
    }
    const present = readCertificates(lib, session);
    const isPresent = (bytes: Uint8Array) => present.some((c) => sameBytes(c.der, bytes));
    const toWrite = [
      ...(isPresent(der) ? [] : [{ der, parts, id: pair.id, label: request.label ?? pair.label, category: CERTIFICATE_CATEGORY.tokenUser }]),
      ...chain.filter((c) => !isPresent(c.der)).map((c) => ({ der: c.der, parts: c.parts, id: "", label: "CA", category: CERTIFICATE_CATEGORY.authority })),
    ];
    const needed = toWrite.reduce((sum, c) => sum + c.der.length + OBJECT_OVERHEAD_BYTES, 0);
    const free = readTokenInfo(lib, module.path, slot).memory.freePublic;
    if (needed > 0 && free !== null && free < needed) {
      throw new KepError("TOKEN_FULL", `${needed} bytes needed, ${free} free`, { needed, free });
    }
    for (const cert of toWrite) {
      try {
        lib.C_CreateObject(session, [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
          { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
          { type: pkcs11js.CKA_TOKEN, value: true },
          { type: pkcs11js.CKA_PRIVATE, value: false },
          { type: pkcs11js.CKA_ID, value: Buffer.from(cert.id, "hex") },
          { type: pkcs11js.CKA_LABEL, value: cert.label },
          { type: pkcs11js.CKA_SUBJECT, value: Buffer.from(cert.parts.subject) },
          { type: pkcs11js.CKA_ISSUER, value: Buffer.from(cert.parts.issuer) },
          { type: pkcs11js.CKA_SERIAL_NUMBER, value: Buffer.from(cert.parts.serialNumber) },
          { type: pkcs11js.CKA_CERTIFICATE_CATEGORY, value: cert.category },
          { type: pkcs11js.CKA_VALUE, value: Buffer.from(cert.der) },
        ]);
      } catch (error) {
        if (ckrCode(error) === pkcs11js.CKR_DEVICE_MEMORY) {
          const nowFree = readTokenInfo(lib, module.path, slot).memory.freePublic;
          throw new KepError("TOKEN_FULL", `the token refused ${cert.der.length} bytes: CKR_DEVICE_MEMORY`, {
            needed: cert.der.length + OBJECT_OVERHEAD_BYTES,
            free: nowFree ?? undefined,
            ckr: "CKR_DEVICE_MEMORY",
          });
        }
        throw error;
      }
    }
    const thumbprint = certificateThumbprint(der);
    const listed = pairObjects(keys, readCertificates(lib, session), true).certificates.find((c) => c.thumbprint === thumbprint);
    if (!listed) throw new KepError("INTERNAL", "the certificate is not on the token after writing it");
    return { certificate: listed, written: !isPresent(der), chainWritten: toWrite.filter((c) => c.category === CERTIFICATE_CATEGORY.authority).length };
  });
}
