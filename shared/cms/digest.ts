/**
 * The digest algorithms a CAdES signature may name. Streebog is computed here; SHA-256 comes
 * from WebCrypto, which exists in extension pages and in Node alike.
 */
import { streebog256, streebog512 } from "../crypto/streebog.ts";
import { CmsError } from "./errors.ts";

export const OID_STREEBOG_256 = "1.2.643.7.1.1.2.2";
export const OID_STREEBOG_512 = "1.2.643.7.1.1.2.3";
export const OID_SHA256 = "2.16.840.1.101.3.4.2.1";

export async function digest(algorithmOid: string, data: Uint8Array): Promise<Uint8Array> {
  switch (algorithmOid) {
    case OID_STREEBOG_256:
      return streebog256(data);
    case OID_STREEBOG_512:
      return streebog512(data);
    case OID_SHA256:
      return new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(data)));
    default:
      throw new CmsError(`unsupported digest algorithm ${algorithmOid}`);
  }
}
