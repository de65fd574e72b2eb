/**
 * The client side of a TLS 1.0–1.2 handshake with a GOST suite (RFC 5246 §7.3 with the GOST key
 * exchange; no renegotiation). A full handshake:
 *   → ClientHello
 *   ← ServerHello, Certificate, [CertificateRequest], ServerHelloDone
 *   → [Certificate], ClientKeyExchange, [CertificateVerify], ChangeCipherSpec, Finished
 *   ← [NewSessionTicket], ChangeCipherSpec, Finished
 * and, when the server takes up the session offered (by its ID or RFC 5077 ticket), the
 * abbreviated one, which needs neither certificate nor the client's key:
 *   → ClientHello
 *   ← ServerHello, [NewSessionTicket], ChangeCipherSpec, Finished
 *   → ChangeCipherSpec, Finished
 */
import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import type { CertificateInfo } from "../../../shared/x509/index.ts";
import { concat, equalConstantTime } from "./bytes.ts";
import { verifyServerChain } from "./certificate-chain.ts";
import { canAgreeWithStaticKey, certificateVerifyBody, clientKeyInfo } from "./client-authentication.ts";
import type { TlsClientKey } from "./client-key.ts";
import { CtrOmacProtection } from "./ctr-omac-protection.ts";
import { protocolError, TlsError } from "./errors.ts";
import { Gost89Protection } from "./gost89-protection.ts";
import { HandshakeReader, type HandshakeMessage } from "./handshake-reader.ts";
import { gost2018KeyExchange, legacyKeyExchange } from "./key-exchange.ts";
import { finishedVerifyData, keyBlock, masterSecret, type DirectionKeys } from "./key-schedule.ts";
import {
  certificateMessage,
  clientHello,
  HANDSHAKE,
  handshakeMessage,
  parseCertificateList,
  parseCertificateRequest,
  parseNewSessionTicket,
  parseServerHello,
  type CertificateRequest,
  type ServerHello,
} from "./messages.ts";
import { CONTENT_CHANGE_CIPHER_SPEC, CONTENT_HANDSHAKE, type RecordLayer } from "./record-layer.ts";
import type { RecordProtection } from "./record-protection.ts";
import { gostPublicKey } from "./server-key.ts";
import type { TlsSession } from "./session.ts";
import { CIPHER_SUITES, suiteByCode, TLS1_0, TLS1_2, type CipherSuite, type RecordCipher } from "./suites.ts";

export interface HandshakeOptions {
  /** The name the certificate must carry, also sent as SNI. */
  hostName: string;
  trustAnchors: readonly Uint8Array[];
  clientKey: TlsClientKey | null;
  /** Default: every GOST suite. */
  suites?: readonly CipherSuite[];
  now?: Date;
  /** A session of the same server to offer; the caller has checked it belongs there (TlsConnection does). */
  resume?: TlsSession | undefined;
  /**
   * With `resume`: a server that starts a full handshake instead is left at once with
   * TLS_SESSION_NOT_RESUMED, before `clientKey` is used, for a caller that must not use it again.
   */
  resumeOnly?: boolean;
  /** What a session made here is bound to (sessionBinding); default: the host name alone. */
  sessionBinding?: string;
}

export type ClientAuthentication = "none" | "static-key" | "certificate-verify";

export interface HandshakeResult {
  version: number;
  suite: CipherSuite;
  serverCertificate: CertificateInfo;
  serverCertificateDer: Uint8Array;
  clientAuthentication: ClientAuthentication;
  /** The abbreviated handshake resumed `resume`. */
  resumed: boolean;
  /** What a later connection can resume, or null when the server gave neither a session ID nor a ticket. */
  session: TlsSession | null;
}

function protection(cipher: RecordCipher, keys: DirectionKeys): RecordProtection {
  return cipher === "gost89" ? new Gost89Protection(keys.macKey, keys.key, keys.iv) : new CtrOmacProtection(cipher, keys.macKey, keys.key, keys.iv);
}

function expect(message: HandshakeMessage, type: number, name: string): Uint8Array {
  if (message.type !== type)
    throw protocolError(`expected ${name}, got handshake message ${message.type}`, `ожидалось сообщение ${name}, получено ${message.type}`);
  return message.body;
}

function finishedMismatch(): TlsError {
  return new TlsError("TLS_HANDSHAKE_FAILED", "the server's Finished does not match the handshake", {
    problemEn: "The server's Finished message does not match: the handshake was altered or the server does not hold its key.",
    problemRu: "Сообщение Finished сервера не совпадает: установка связи искажена или у сервера нет его ключа.",
  });
}

/** The handshake messages both sides hash into Finished, kept as they went over the wire. */
class Transcript {
  private readonly messages: Uint8Array[] = [];

  constructor(
    private readonly records: RecordLayer,
    private readonly reader: HandshakeReader,
  ) {}

  async send(type: number, body: Uint8Array): Promise<void> {
    const message = handshakeMessage(type, body);
    this.messages.push(message);
    await this.records.write(CONTENT_HANDSHAKE, message);
  }

  async receive(): Promise<HandshakeMessage> {
    const message = await this.reader.message();
    // HelloRequest is not part of the transcript and a client mid-handshake ignores it.
    if (message.type === HANDSHAKE.helloRequest && message.body.length === 0) return this.reader.message();
    this.messages.push(message.raw);
    return message;
  }

  /** NewSessionTicket when ServerHello announced one (it is part of the transcript). */
  async ticket(hello: ServerHello): Promise<Uint8Array | null> {
    return hello.ticketComing ? parseNewSessionTicket(expect(await this.receive(), HANDSHAKE.newSessionTicket, "NewSessionTicket")) : null;
  }

  /** The server's ChangeCipherSpec and Finished, checked against everything before it. */
  async serverFinished(cipher: RecordCipher, master: Uint8Array, serverKeys: DirectionKeys): Promise<void> {
    await this.reader.changeCipherSpec();
    this.records.setReadProtection(protection(cipher, serverKeys));
    const expected = finishedVerifyData(cipher, master, "server", this.bytes());
    const finished = await this.reader.message();
    if (!equalConstantTime(expect(finished, HANDSHAKE.finished, "Finished"), expected)) throw finishedMismatch();
    this.messages.push(finished.raw);
  }

  /** Our ChangeCipherSpec and Finished. */
  async clientFinished(cipher: RecordCipher, master: Uint8Array, clientKeys: DirectionKeys): Promise<void> {
    await this.records.write(CONTENT_CHANGE_CIPHER_SPEC, Uint8Array.of(1));
    this.records.setWriteProtection(protection(cipher, clientKeys));
    await this.send(HANDSHAKE.finished, finishedVerifyData(cipher, master, "client", this.bytes()));
  }

  bytes(): Uint8Array {
    return concat(...this.messages);
  }
}

function notResumed(server: string): TlsError {
  return new TlsError("TLS_SESSION_NOT_RESUMED", `server ${server} did not resume the session and asks for a full handshake`, { server });
}

/** The session ID offered: the session's own, or (a ticket without one) a fresh one the server echoes if it takes the ticket (RFC 5077 §3.4). */
function offeredSessionId(resume: TlsSession | undefined): Uint8Array {
  if (!resume) return new Uint8Array(0);
  return resume.sessionId.length > 0 ? resume.sessionId : new Uint8Array(randomBytes(32));
}

export async function clientHandshake(records: RecordLayer, options: HandshakeOptions): Promise<HandshakeResult> {
  const offered = options.suites ?? CIPHER_SUITES;
  const resume = options.resume && offered.includes(options.resume.suite) ? options.resume : undefined;
  if (options.resumeOnly && !resume) throw notResumed(options.hostName);
  const reader = new HandshakeReader(records, options.hostName);
  const transcript = new Transcript(records, reader);

  const clientRandom = new Uint8Array(randomBytes(32));
  const sessionId = offeredSessionId(resume);
  // RFC 6066 §3: server_name carries DNS names only, never an address.
  const sni = isIP(options.hostName) === 0 ? options.hostName : null;
  await transcript.send(
    HANDSHAKE.clientHello,
    clientHello({ random: clientRandom, suites: offered.map((s) => s.code), hostName: sni, sessionId, ticket: resume?.ticket ?? new Uint8Array(0) }),
  );

  const hello = parseServerHello(expect(await transcript.receive(), HANDSHAKE.serverHello, "ServerHello"));
  const suite = suiteByCode(hello.suite);
  if (!suite || !offered.includes(suite))
    throw protocolError(
      `the server chose suite 0x${hello.suite.toString(16)} the client did not offer`,
      `сервер выбрал шифронабор 0x${hello.suite.toString(16)}, которого клиент не предлагал`,
    );
  if (hello.version < Math.max(TLS1_0, suite.minVersion) || hello.version > TLS1_2) {
    throw new TlsError("TLS_NO_COMMON_SUITE", `server chose version 0x${hello.version.toString(16)} for ${suite.name}`, { server: options.hostName });
  }
  records.version = hello.version;
  reader.phase = "handshake";

  if (resume && sessionId.length > 0 && equalConstantTime(hello.sessionId, sessionId)) {
    // RFC 5246 §7.4.1.3: a resumed session keeps its version and suite.
    if (hello.version !== resume.version || suite !== resume.suite)
      throw protocolError(
        "the server resumed the session with another version or suite",
        "сервер возобновил сеанс с другой версией протокола или другим шифронабором",
      );
    const keys = keyBlock(suite.cipher, resume.masterSecret, clientRandom, hello.random);
    const ticket = await transcript.ticket(hello);
    await transcript.serverFinished(suite.cipher, resume.masterSecret, keys.server);
    records.cork();
    await transcript.clientFinished(suite.cipher, resume.masterSecret, keys.client);
    await records.uncork().catch((error: unknown) => reader.alertLeftBehind(error));
    reader.phase = "established";
    return {
      version: resume.version,
      suite,
      serverCertificate: resume.serverCertificate,
      serverCertificateDer: resume.serverCertificateDer,
      clientAuthentication: resume.clientAuthentication,
      resumed: true,
      session: ticket ? { ...resume, ticket } : resume,
    };
  }
  if (options.resumeOnly) throw notResumed(options.hostName);

  const chain = parseCertificateList(expect(await transcript.receive(), HANDSHAKE.certificate, "Certificate"));
  const serverCertificate = verifyServerChain({ chain, trustAnchors: options.trustAnchors, hostName: options.hostName, now: options.now ?? new Date() });
  const serverKey = gostPublicKey(chain[0]!, serverCertificate);

  let request: CertificateRequest | null = null;
  let next = await transcript.receive();
  if (next.type === HANDSHAKE.certificateRequest) {
    request = parseCertificateRequest(next.body, hello.version);
    next = await transcript.receive();
  }
  if (expect(next, HANDSHAKE.serverHelloDone, "ServerHelloDone").length !== 0)
    throw protocolError("ServerHelloDone is not empty", "сообщение ServerHelloDone не пустое");

  const key = request ? options.clientKey : null;
  const keyInfo = key ? clientKeyInfo(key) : null;
  records.cork();
  if (request) {
    await transcript.send(HANDSHAKE.certificate, certificateMessage(key ? [key.certificate, ...key.chain] : []));
    reader.phase = "client-certificate-sent";
  }
  const exchange =
    suite.cipher === "gost89"
      ? await legacyKeyExchange(serverKey, clientRandom, hello.random, key && keyInfo && canAgreeWithStaticKey(keyInfo, serverKey) ? key : null)
      : gost2018KeyExchange(suite.cipher, serverKey, clientRandom, hello.random);
  await transcript.send(HANDSHAKE.clientKeyExchange, exchange.message);
  if (key && keyInfo && !exchange.staticKeyUsed) {
    await transcript.send(HANDSHAKE.certificateVerify, await certificateVerifyBody(key, keyInfo, hello.version, request?.sigalgs ?? [], transcript.bytes()));
  }

  const master = masterSecret(exchange.premaster, clientRandom, hello.random);
  exchange.premaster.fill(0);
  const keys = keyBlock(suite.cipher, master, clientRandom, hello.random);
  await transcript.clientFinished(suite.cipher, master, keys.client);
  await records.uncork().catch((error: unknown) => reader.alertLeftBehind(error));

  const ticket = await transcript.ticket(hello);
  await transcript.serverFinished(suite.cipher, master, keys.server);
  reader.phase = "established";
  const clientAuthentication: ClientAuthentication = !key ? "none" : exchange.staticKeyUsed ? "static-key" : "certificate-verify";
  const resumable = ticket !== null || hello.sessionId.length > 0;
  if (!resumable) master.fill(0);
  return {
    version: hello.version,
    suite,
    serverCertificate,
    serverCertificateDer: chain[0]!,
    clientAuthentication,
    resumed: false,
    session: resumable
      ? {
          binding: options.sessionBinding ?? options.hostName,
          version: hello.version,
          suite,
          sessionId: hello.sessionId,
          ticket,
          masterSecret: master,
          serverCertificate,
          serverCertificateDer: chain[0]!,
          clientAuthentication,
        }
      : null,
  };
}
