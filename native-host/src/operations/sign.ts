import { fromBase64, fromHex, toBase64 } from "../../../shared/encoding.ts";
import { KepError, type RequestOf, type ResultOf } from "../../../shared/protocol/index.ts";
import { loadCms } from "../cms/load.ts";
import type { Pkcs11Module } from "../pkcs11/module.ts";
import { signDigest as signOnToken } from "../pkcs11/sign-digest.ts";
import type { TokenSessions } from "../tokens/sessions.ts";
import { findSigner } from "./find-signer.ts";

/**
 * A CAdES-BES over a document's digest, which the caller computed where the document is.
 * In one session the certificate's key pair is found (once), the signed attributes are built
 * with that certificate, and the token signs their digest; the document never reaches the host.
 */
export async function signDigest(
  sessions: TokenSessions,
  module: Pkcs11Module,
  request: Pick<RequestOf<"signDigest">, "token" | "certificate" | "digest" | "chain">,
): Promise<ResultOf<"signDigest">> {
  const messageDigest = fromHex(request.digest);
  const chain = (request.chain ?? []).map(fromBase64);
  const cms = await loadCms();
  const signed = await sessions.withSession(module, request.token, "sign", (s) => {
    const signer = findSigner(s, request.certificate);
    const expected = cms.DIGESTS[signer.algorithm].length;
    if (messageDigest.length !== expected) {
      throw new KepError("BAD_REQUEST", `a ${signer.algorithm} signature needs a ${expected}-byte digest, got ${messageDigest.length}`);
    }
    const input = { algorithm: signer.algorithm, signer: signer.certificate, chain, messageDigest, signingTime: new Date() };
    const { attributes, digest } = cms.toBeSigned(input);
    return cms.assembleCades(input, attributes, signOnToken(s.lib, s.session, signer.keyId, signer.algorithm, digest));
  });
  return { cms: toBase64(signed) };
}
