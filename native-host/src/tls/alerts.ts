import { TlsError } from "./errors.ts";

/** RFC 5246 §7.2 alert descriptions, named as the RFC does. */
export const ALERT = {
  closeNotify: 0,
  unexpectedMessage: 10,
  badRecordMac: 20,
  recordOverflow: 22,
  handshakeFailure: 40,
  badCertificate: 42,
  unsupportedCertificate: 43,
  certificateRevoked: 44,
  certificateExpired: 45,
  certificateUnknown: 46,
  illegalParameter: 47,
  unknownCa: 48,
  accessDenied: 49,
  decodeError: 50,
  decryptError: 51,
  protocolVersion: 70,
  insufficientSecurity: 71,
  internalError: 80,
  userCanceled: 90,
} as const;

const NAMES: Readonly<Record<number, string>> = {
  0: "close_notify",
  10: "unexpected_message",
  20: "bad_record_mac",
  21: "decryption_failed",
  22: "record_overflow",
  30: "decompression_failure",
  40: "handshake_failure",
  41: "no_certificate",
  42: "bad_certificate",
  43: "unsupported_certificate",
  44: "certificate_revoked",
  45: "certificate_expired",
  46: "certificate_unknown",
  47: "illegal_parameter",
  48: "unknown_ca",
  49: "access_denied",
  50: "decode_error",
  51: "decrypt_error",
  60: "export_restriction",
  70: "protocol_version",
  71: "insufficient_security",
  80: "internal_error",
  90: "user_canceled",
  100: "no_renegotiation",
  110: "unsupported_extension",
  112: "unrecognized_name",
};

export function alertName(description: number): string {
  return NAMES[description] ?? `alert ${description}`;
}

/** What the server's complaint about the user's certificate or its proof of possession sounds like. */
const CLIENT_CERTIFICATE_ALERTS = new Set<number>([
  ALERT.badCertificate,
  ALERT.unsupportedCertificate,
  ALERT.certificateRevoked,
  ALERT.certificateExpired,
  ALERT.certificateUnknown,
  ALERT.unknownCa,
  ALERT.accessDenied,
  ALERT.decryptError,
  ALERT.handshakeFailure,
]);

export type HandshakePhase = "hello" | "handshake" | "client-certificate-sent" | "established";

/** The error a fatal alert from the server means at this point of the connection. */
export function alertError(description: number, phase: HandshakePhase, server: string): TlsError {
  const alert = alertName(description);
  if (phase === "hello" && (description === ALERT.handshakeFailure || description === ALERT.protocolVersion || description === ALERT.insufficientSecurity)) {
    return new TlsError("TLS_NO_COMMON_SUITE", `server ${server} refused the GOST suites: ${alert}`, { server });
  }
  if (phase === "client-certificate-sent" && CLIENT_CERTIFICATE_ALERTS.has(description)) {
    return new TlsError("TLS_CLIENT_CERT_REJECTED", `server rejected the client certificate: ${alert}`, { alert });
  }
  if (description === ALERT.badRecordMac) {
    return new TlsError("TLS_ALERT", `server could not authenticate our records: ${alert}`, { alert });
  }
  return new TlsError("TLS_ALERT", `server sent a fatal alert: ${alert}`, { alert });
}
