import type pkcs11js from "pkcs11js";
import { toBase64 } from "../../../shared/encoding.ts";
import { type DeleteItem, type ErrorInfo, KepError, type RequestOf, type ResultOf, serializeError } from "../../../shared/protocol/index.ts";
import { certificateParts } from "../../../shared/x509/certificate-parts.ts";
import { certificateThumbprint } from "../../../shared/x509/thumbprint.ts";
import { fromPkcs11Error } from "../pkcs11/ckr.ts";
import type { Pkcs11Module } from "../pkcs11/module.ts";
import { readCertificates, readKeys, type RawCertificate, type RawKey } from "../tokens/inventory.ts";
import type { TokenSessions } from "../tokens/sessions.ts";

interface Target {
  item: DeleteItem;
  handles: pkcs11js.Handle[];
  der?: Uint8Array;
}

/** Valid at `now`: unparseable certificates protect nothing, so they never block a deletion. */
function isValid(der: Uint8Array, now: Date): boolean {
  try {
    const { notBefore, notAfter } = certificateParts(der);
    return notBefore <= now && now <= notAfter;
  } catch {
    return false;
  }
}

function samePublicKey(cert: RawCertificate, key: RawKey): boolean {
  try {
    const raw = certificateParts(cert.der).publicKey;
    return key.publicKey !== null && key.publicKey.length === raw.length && key.publicKey.every((b, i) => b === raw[i]);
  } catch {
    return false;
  }
}

/**
 * Deletes certificates (by SHA-1 thumbprint) and key pairs (by CKA_ID): identities that
 * survive sessions and reinsertion. Everything is resolved before the first deletion, so
 * an unknown item or a key a valid certificate still uses stops the request with nothing
 * deleted (unless forced). Deletion then goes object by object; if the token fails or
 * goes away half-way, the answer lists what was deleted and what was not, exactly.
 */
export async function deleteObjects(
  sessions: TokenSessions,
  module: Pkcs11Module,
  request: Pick<RequestOf<"deleteObjects">, "token" | "items" | "force">,
  now = new Date(),
): Promise<ResultOf<"deleteObjects">> {
  return sessions.withSession(module, request.token, "delete objects", ({ lib, session }) => {
    const certs = readCertificates(lib, session);
    const keys = readKeys(lib, session);
    const deletingCerts = new Set(request.items.flatMap((i) => (i.kind === "certificate" ? [i.thumbprint] : [])));
    const targets: Target[] = request.items.map((item) => {
      if (item.kind === "certificate") {
        const matches = certs.filter((c) => certificateThumbprint(c.der) === item.thumbprint);
        if (matches.length === 0) throw new KepError("CERT_NOT_FOUND", `no certificate ${item.thumbprint} on the token`);
        return { item, handles: matches.map((c) => c.handle), der: matches[0]!.der };
      }
      const parts = keys.filter((k) => k.id === item.id);
      if (parts.length === 0) throw new KepError("KEY_NOT_FOUND", `no key pair with CKA_ID ${item.id} on the token`);
      const users = certs.filter(
        (c) => !deletingCerts.has(certificateThumbprint(c.der)) && isValid(c.der, now) && (c.id === item.id || parts.some((k) => samePublicKey(c, k))),
      );
      if (users.length > 0 && !request.force) {
        throw new KepError("KEY_IN_USE", `key pair ${item.id} is used by valid certificate ${certificateThumbprint(users[0]!.der)}`);
      }
      return { item, handles: parts.map((k) => k.handle) };
    });

    const deleted: ResultOf<"deleteObjects">["deleted"] = [];
    const notDeleted: { item: DeleteItem; error: ErrorInfo }[] = [];
    let failure: ErrorInfo | undefined;
    for (const target of targets) {
      if (failure) {
        notDeleted.push({ item: target.item, error: failure });
        continue;
      }
      let removed = 0;
      try {
        for (const handle of target.handles) {
          lib.C_DestroyObject(session, handle);
          removed++;
        }
        deleted.push(target.der ? { item: target.item, der: toBase64(target.der) } : { item: target.item });
      } catch (error) {
        failure = serializeError(fromPkcs11Error(error, "delete object"));
        // Half of a key pair gone is still reported as not deleted: the pair is unusable but present.
        notDeleted.push({
          item: target.item,
          error: removed > 0 ? { ...failure, message: `${failure.message} (${removed} of ${target.handles.length} objects removed)` } : failure,
        });
      }
    }
    return { deleted, notDeleted };
  });
}
