import { toBase64 } from "../../../shared/encoding.ts";
import { KepError, type RequestOf, type ResultOf } from "../../../shared/protocol/index.ts";
import { loadCms } from "../cms/load.ts";
import { keyAlgorithmOf } from "../pkcs11/key-algorithms.ts";
import { signDigest } from "../pkcs11/sign-digest.ts";
import type { Pkcs11Module } from "../pkcs11/module.ts";
import { assembleCsr, certificationRequestInfo, csrToPem, type CsrInput } from "../pki/csr.ts";
import { readKeys } from "../tokens/inventory.ts";
import type { TokenSessions } from "../tokens/sessions.ts";

/**
 * A PKCS#10 request for the key pair with this CKA_ID, in the FNS profile, signed on the
 * token. The input is validated (identifiers with their check digits) before the token
 * is touched; the request info is hashed here and the token signs the digest, as for CMS.
 */
export async function createCsr(
  sessions: TokenSessions,
  module: Pkcs11Module,
  request: Pick<RequestOf<"createCsr">, "token" | "keyId" | "subject" | "extensions">,
): Promise<ResultOf<"createCsr">> {
  const { digestOf } = await loadCms();
  const der = await sessions.withSession(module, request.token, "create certificate request", ({ lib, session }) => {
    const keys = readKeys(lib, session).filter((k) => k.id === request.keyId);
    const publicKey = keys.find((k) => !k.isPrivate);
    const privateKey = keys.find((k) => k.isPrivate);
    if (!publicKey?.publicKey || !privateKey) throw new KepError("KEY_NOT_FOUND", `no key pair with CKA_ID ${request.keyId} on the token`);
    const algorithm = keyAlgorithmOf(publicKey.keyType, publicKey.paramSet);
    if (!algorithm || !publicKey.paramSet)
      throw new KepError("BAD_REQUEST", `key pair ${request.keyId} has an algorithm kep-bridge cannot request certificates for`);
    const input: CsrInput = {
      subject: request.subject,
      publicKey: { algorithm, paramSet: publicKey.paramSet, digestParamSet: publicKey.digestParams ?? undefined, raw: publicKey.publicKey },
      extensions: request.extensions ?? {},
    };
    const info = certificationRequestInfo(input);
    const signature = signDigest(lib, session, request.keyId, algorithm, digestOf(algorithm, info));
    return assembleCsr(info, algorithm, signature);
  });
  return { der: toBase64(der), pem: csrToPem(der) };
}
