/**
 * The client's side of TLS client authentication, with the private key kept where it lives:
 * the production implementation (token-client-key.ts) does both operations on the token.
 */
export interface TlsClientKey {
  /** The client certificate, DER, and any intermediate CA certificates to send after it. */
  readonly certificate: Uint8Array;
  readonly chain: readonly Uint8Array[];
  /** VKO GOST R 34.10-2012 with the token's private key (CKM_GOSTR3410_12_DERIVE, kdf CKD_NULL): returns the 32-byte
   *  KEK. `peerPublicKey` is the raw public point as PKCS#11 takes it (little-endian X||Y, 64 or 128 bytes). */
  deriveVko(peerPublicKey: Uint8Array, ukm: Uint8Array): Promise<Uint8Array>;
  /** Signs a precomputed digest on the token (C_Sign with CKM_GOSTR3410 / _512): the token's raw signature bytes. */
  signDigest(digest: Uint8Array): Promise<Uint8Array>;
}
