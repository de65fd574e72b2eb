import pkcs11js from "../pkcs11/pkcs11js.ts";
import { toBase64 } from "../../../shared/encoding.ts";
import type { CertificateObject, KeyPair, ResultOf, TokenRef } from "../../../shared/protocol/index.ts";
// The fast reader alone: the full parser and its schema library would slow every host start.
import { subjectPublicKeyRaw } from "../../../shared/x509/certificate-parts.ts";
import { certificateThumbprint } from "../../../shared/x509/thumbprint.ts";
import { fromPkcs11Error } from "../pkcs11/ckr.ts";
import { CKS_RO_USER_FUNCTIONS, CKS_RW_USER_FUNCTIONS, KEY_TYPE_NAMES } from "../pkcs11/constants.ts";
import type { Pkcs11Module } from "../pkcs11/module.ts";
import { findTokenSlot } from "./find-token.ts";
import { readCertificates, readKeys, type RawCertificate, type RawKey } from "./inventory.ts";
import { readTokenInfo } from "./token-info.ts";

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  return a !== null && b !== null && a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Key pairs are the public and private key objects sharing a CKA_ID, the convention every
 * Russian token vendor and CryptoPro follow. A certificate belongs to a pair when its
 * CKA_ID equals the pair's or its public key equals the pair's public key; both are
 * reported, since software that pairs by CKA_ID alone fails when they disagree.
 */
export function pairObjects(
  rawKeys: RawKey[],
  certs: readonly Omit<RawCertificate, "handle">[],
  privateVisible: boolean,
): { keys: KeyPair[]; certificates: CertificateObject[] } {
  const byId = new Map<string, RawKey[]>();
  for (const key of rawKeys) byId.set(key.id, [...(byId.get(key.id) ?? []), key]);

  const keys = [...byId.entries()].map(([id, parts]) => {
    const pub = parts.find((p) => !p.isPrivate);
    const any = pub ?? parts[0]!;
    return {
      pair: {
        id,
        label: any.label,
        keyType: any.keyType === undefined ? "unknown" : (KEY_TYPE_NAMES[any.keyType] ?? `0x${any.keyType.toString(16)}`),
        paramSet: any.paramSet,
        digestParams: any.digestParams,
        publicKey: pub?.publicKey ? toBase64(pub.publicKey) : null,
        hasPublicKey: pub !== undefined,
        hasPrivateKey: parts.some((p) => p.isPrivate) ? true : privateVisible ? false : null,
        certificates: [] as string[],
      } satisfies KeyPair,
      publicKey: pub?.publicKey ?? null,
    };
  });

  const certificates = certs.map((cert) => {
    const thumbprint = certificateThumbprint(cert.der);
    let certKey: Uint8Array | null = null;
    try {
      certKey = subjectPublicKeyRaw(cert.der);
    } catch {
      // An unreadable certificate still lists, so the user can see and delete it.
    }
    const byKey = certKey ? keys.find((k) => sameBytes(k.publicKey, certKey)) : undefined;
    const byCkaId = cert.id ? keys.find((k) => k.pair.id === cert.id) : undefined;
    const match = byKey ?? byCkaId;
    if (match) match.pair.certificates.push(thumbprint);
    const key: CertificateObject["key"] = match
      ? {
          id: match.pair.id,
          by: byKey && byCkaId === byKey ? "both" : byKey ? "publicKey" : "id",
          idMismatch: byCkaId !== undefined && byKey !== undefined && byCkaId !== byKey,
        }
      : null;
    return { id: cert.id, label: cert.label, der: toBase64(cert.der), thumbprint, category: cert.category, key };
  });

  return { keys: keys.map((k) => k.pair), certificates };
}

export async function listObjects(module: Pkcs11Module, ref: TokenRef): Promise<ResultOf<"listObjects">> {
  return module.run((lib) => {
    try {
      const slot = findTokenSlot(lib, ref);
      const token = readTokenInfo(lib, module.path, slot);
      const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
      try {
        const state = lib.C_GetSessionInfo(session).state;
        const loggedIn = state === CKS_RO_USER_FUNCTIONS || state === CKS_RW_USER_FUNCTIONS;
        const certs = readCertificates(lib, session);
        const rawKeys = readKeys(lib, session);
        // Without login a token hides private objects, so "no private key" is only known after login.
        const privateVisible = loggedIn || !token.loginRequired;
        return { token, loggedIn, ...pairObjects(rawKeys, certs, privateVisible) };
      } finally {
        try {
          lib.C_CloseSession(session);
        } catch {
          // The token may be gone; the session died with it.
        }
      }
    } catch (error) {
      throw fromPkcs11Error(error, "list objects");
    }
  });
}
