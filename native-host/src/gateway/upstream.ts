/**
 * What the gateway needs of the connection to the real cabinet: one HTTP exchange at a time
 * with the client certificate's key. GOST TLS with the key on a PKCS#11 token is the one back
 * end (gost-tls-upstream.ts); another (CryptoPro CSP through SSPI) would implement the same.
 */
export interface UpstreamRequest {
  /** The real host name from the cabinet table. */
  host: string;
  method: string;
  /** Path and query, as the browser sent them. */
  target: string;
  /** Already rewritten for the real host; no Host, Connection or Content-Length. */
  headers: readonly [string, string][];
  body: Uint8Array;
}

export interface UpstreamResponse {
  status: number;
  statusText: string;
  headers: readonly [string, string][];
  body: Uint8Array;
}

export interface Upstream {
  /** Throws a KepError (TOKEN_REMOVED, NOT_LOGGED_IN…) once the client credential is gone. */
  checkCredential(): Promise<void>;
  /**
   * The sign-in: one connection to `host` made now with the client's credential, so an
   * untrusted server or a refused certificate shows before the browser is sent there. Later
   * connections reuse what it established and do not need the credential's secret again.
   */
  connect(host: string): Promise<void>;
  exchange(request: UpstreamRequest): Promise<UpstreamResponse>;
  /** Closes idle connections; later exchanges open new ones. */
  close(): Promise<void>;
}
