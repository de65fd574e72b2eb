/** Building and parsing the TLS 1.0–1.2 handshake messages a GOST client exchanges (RFC 5246 §7.4). */
import { ByteReader, concat, u16, u24, u8, vector16, vector24, vector8 } from "./bytes.ts";
import { protocolError } from "./errors.ts";
import { TLS1_2 } from "./suites.ts";

export const HANDSHAKE = {
  helloRequest: 0,
  clientHello: 1,
  serverHello: 2,
  newSessionTicket: 4,
  certificate: 11,
  serverKeyExchange: 12,
  certificateRequest: 13,
  serverHelloDone: 14,
  certificateVerify: 15,
  clientKeyExchange: 16,
  finished: 20,
} as const;

const EXT_SERVER_NAME = 0;
const EXT_SIGNATURE_ALGORITHMS = 13;
const EXT_SESSION_TICKET = 35;
const EXT_RENEGOTIATION_INFO = 0xff01;
/** RFC 5746 §3.3: the empty renegotiation_info, signalled in the suite list. */
const TLS_EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff;

/** GOST signature schemes for TLS 1.2 (RFC 9189 §4.2.1 and OpenSSL's code points). */
export const SIGALGS = {
  gost256Intrinsic: 0x0840,
  gost512Intrinsic: 0x0841,
  gost256Legacy: 0xeeee,
  gost512Legacy: 0xefef,
} as const;

export function handshakeMessage(type: number, body: Uint8Array): Uint8Array {
  return concat(u8(type), u24(body.length), body);
}

export interface ClientHelloParams {
  random: Uint8Array;
  suites: readonly number[];
  hostName: string | null;
  /** The session to resume, or empty for a new one. */
  sessionId: Uint8Array;
  /** RFC 5077: the ticket to resume with, or empty to ask the server for one. */
  ticket: Uint8Array;
}

export function clientHello(params: ClientHelloParams): Uint8Array {
  const extensions: Uint8Array[] = [];
  if (params.hostName) {
    const name = new TextEncoder().encode(params.hostName);
    extensions.push(u16(EXT_SERVER_NAME), vector16(vector16(concat(u8(0), vector16(name)))));
  }
  const sigalgs = Object.values(SIGALGS).map(u16);
  extensions.push(u16(EXT_SIGNATURE_ALGORITHMS), vector16(vector16(concat(...sigalgs))));
  extensions.push(u16(EXT_SESSION_TICKET), vector16(params.ticket));
  return concat(
    u16(TLS1_2),
    params.random,
    vector8(params.sessionId),
    vector16(concat(...[...params.suites, TLS_EMPTY_RENEGOTIATION_INFO_SCSV].map(u16))),
    vector8(u8(0)),
    vector16(concat(...extensions)),
  );
}

export interface ServerHello {
  version: number;
  random: Uint8Array;
  sessionId: Uint8Array;
  suite: number;
  /** RFC 5077 §3.2: a NewSessionTicket comes before the server's ChangeCipherSpec. */
  ticketComing: boolean;
}

export function parseServerHello(body: Uint8Array): ServerHello {
  const r = new ByteReader(body, "ServerHello");
  const version = r.u16();
  const random = r.take(32).slice();
  const sessionId = r.vector8().slice();
  if (sessionId.length > 32) throw protocolError("the server's session ID is longer than 32 bytes", "идентификатор сеанса от сервера длиннее 32 байт");
  const suite = r.u16();
  let ticketComing = false;
  if (r.u8() !== 0) throw protocolError("the server chose compression", "сервер выбрал сжатие, которого клиент не предлагал");
  if (r.remaining > 0) {
    const extensions = new ByteReader(r.vector16(), "ServerHello extensions");
    while (extensions.remaining > 0) {
      const type = extensions.u16();
      const data = extensions.vector16();
      // A server may only answer extensions the client sent (RFC 5246 §7.4.1.4).
      const expected =
        type === EXT_SERVER_NAME || type === EXT_SESSION_TICKET
          ? data.length === 0
          : type === EXT_RENEGOTIATION_INFO
            ? data.length === 1 && data[0] === 0
            : false;
      if (!expected)
        throw protocolError(
          `the server answered with extension ${type} the client did not offer`,
          `сервер ответил расширением ${type}, которого клиент не предлагал`,
        );
      if (type === EXT_SESSION_TICKET) ticketComing = true;
    }
  }
  r.end();
  return { version, random, sessionId, suite, ticketComing };
}

/** RFC 5077 §3.3: the ticket, or null when the server decided not to give one after all (an empty ticket). */
export function parseNewSessionTicket(body: Uint8Array): Uint8Array | null {
  const r = new ByteReader(body, "NewSessionTicket");
  r.take(4); // lifetime hint: the client simply offers the ticket until the server declines it
  const ticket = r.vector16().slice();
  r.end();
  return ticket.length > 0 ? ticket : null;
}

export function parseCertificateList(body: Uint8Array): Uint8Array[] {
  const r = new ByteReader(body, "Certificate");
  const list = new ByteReader(r.vector24(), "Certificate");
  r.end();
  const out: Uint8Array[] = [];
  while (list.remaining > 0) out.push(list.vector24().slice());
  return out;
}

export function certificateMessage(certificates: readonly Uint8Array[]): Uint8Array {
  return vector24(concat(...certificates.map(vector24)));
}

export interface CertificateRequest {
  /** TLS 1.2 only: the signature schemes the server accepts in CertificateVerify. */
  sigalgs: number[];
}

export function parseCertificateRequest(body: Uint8Array, version: number): CertificateRequest {
  const r = new ByteReader(body, "CertificateRequest");
  r.vector8();
  const sigalgs: number[] = [];
  if (version >= TLS1_2) {
    const list = new ByteReader(r.vector16(), "CertificateRequest");
    while (list.remaining > 0) sigalgs.push(list.u16());
  }
  r.vector16();
  r.end();
  return { sigalgs };
}
