/**
 * The digest algorithms a CAdES signature may name. Streebog is computed here; SHA-256 comes
 * from WebCrypto, which exists in extension pages and in Node alike.
 */
import { DIGESTS } from "../algorithms/registry.ts";
import { streebog256, streebog512 } from "../crypto/streebog.ts";
import { CmsError } from "./errors.ts";

export async function digest(algorithmOid: string, data: Uint8Array): Promise<Uint8Array> {
  switch (algorithmOid) {
    case DIGESTS["streebog-256"].oid:
      return streebog256(data);
    case DIGESTS["streebog-512"].oid:
      return streebog512(data);
    case DIGESTS["sha-256"].oid:
      return new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(data)));
    default:
      throw new CmsError(`unsupported digest algorithm ${algorithmOid}`);
  }
}
