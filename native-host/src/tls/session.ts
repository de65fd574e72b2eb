/**
 * A TLS 1.0–1.2 session a later connection can resume with the abbreviated handshake (RFC 5246
 * §7.3) by its session ID or by the server's ticket (RFC 5077), so that it needs neither the
 * server's certificate nor the client's key again. The master secret lives in this object only,
 * in memory, and is wiped by forgetSession.
 */
import type { CertificateInfo } from "../../../shared/x509/index.ts";
import type { ClientAuthentication } from "./handshake.ts";
import type { CipherSuite } from "./suites.ts";

export interface TlsSession {
  /** The server name and the address connected to: the session is offered nowhere else. */
  readonly binding: string;
  readonly version: number;
  readonly suite: CipherSuite;
  /** Empty when the server keeps no session cache and gave a ticket only. */
  readonly sessionId: Uint8Array;
  /** The server's latest ticket, or null when it gave a session ID only. */
  readonly ticket: Uint8Array | null;
  readonly masterSecret: Uint8Array;
  /** What the full handshake established, which a resumed connection carries on. */
  readonly serverCertificate: CertificateInfo;
  readonly serverCertificateDer: Uint8Array;
  readonly clientAuthentication: ClientAuthentication;
}

/** Where a session may be offered: the name the certificate was checked for and the address behind it. */
export function sessionBinding(hostName: string, host: string, port: number): string {
  return `${hostName} ${host}:${port}`;
}

/** Wipes the master secret: every copy of the session (a renewed ticket shares it) is then useless. */
export function forgetSession(session: TlsSession): void {
  session.masterSecret.fill(0);
}
