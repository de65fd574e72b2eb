/**
 * A TLS 1.0–1.2 session a later connection can resume with the abbreviated handshake (RFC 5246
 * §7.3) by its session ID or by the server's ticket (RFC 5077), so that it needs neither the
 * server's certificate nor the client's key again. The master secret lives in this object only,
 * in memory, and is wiped by forgetSession.
 */
import { createHash } from "node:crypto";
import type { CertificateInfo } from "../../../shared/x509/index.ts";
import type { ClientAuthentication } from "./handshake.ts";
import type { CipherSuite } from "./suites.ts";

export interface TlsSession {
  /** The server name, the address connected to and the client certificate: the session is offered with nothing else. */
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

/**
 * Where and as whom a session may be offered: the name the server's certificate was checked
 * for, the address behind it, and the client certificate the caller holds (the server knows the
 * resumed connection as the session's client).
 */
export function sessionBinding(hostName: string, host: string, port: number, clientCertificate: Uint8Array | null): string {
  const client = clientCertificate ? createHash("sha256").update(clientCertificate).digest("hex") : "no client certificate";
  return `${hostName} ${host}:${port} ${client}`;
}

/** Wipes the master secret: every copy of the session (a renewed ticket shares it) is then useless. */
export function forgetSession(session: TlsSession): void {
  session.masterSecret.fill(0);
}
