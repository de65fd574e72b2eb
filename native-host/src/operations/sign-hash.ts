import { fromHex, toHex } from "../../../shared/encoding.ts";
import { DIGESTS, KEY_TYPES } from "../../../shared/algorithms/registry.ts";
import { KepError, type RequestOf, type ResultOf } from "../../../shared/protocol/index.ts";
import type { Pkcs11Module } from "../pkcs11/module.ts";
import { signDigest as signOnToken } from "../pkcs11/sign-digest.ts";
import type { TokenSessions } from "../tokens/sessions.ts";
import { findSigner } from "./find-signer.ts";

/**
 * The token's bare signature over the caller's digest: s‖r for GOST, as C_Sign returns it.
 * The digest must have the length of the key's own hash, as the token would sign anything.
 */
export async function signHash(
  sessions: TokenSessions,
  module: Pkcs11Module,
  request: Pick<RequestOf<"signHash">, "token" | "certificate" | "digest">,
): Promise<ResultOf<"signHash">> {
  const digest = fromHex(request.digest);
  const signature = await sessions.withSession(module, request.token, "sign a hash", (s) => {
    const signer = findSigner(s, request.certificate);
    const expected = DIGESTS[KEY_TYPES[signer.algorithm].digest].length;
    if (digest.length !== expected) {
      throw new KepError("BAD_REQUEST", `a ${signer.algorithm} signature needs a ${expected}-byte digest, got ${digest.length}`);
    }
    return signOnToken(s.lib, s.session, signer.keyId, signer.algorithm, digest);
  });
  return { signature: toHex(signature) };
}
