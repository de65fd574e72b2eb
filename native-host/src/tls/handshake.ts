/**
 * The client side of a full TLS 1.0–1.2 handshake with a GOST suite (RFC 5246 §7.3 with the
 * GOST key exchange; no resumption, no renegotiation):
 *   → ClientHello
 *   ← ServerHello, Certificate, [CertificateRequest], ServerHelloDone
 *   → [Certificate], ClientKeyExchange, [CertificateVerify], ChangeCipherSpec, Finished
 *   ← ChangeCipherSpec, Finished
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
  parseServerHello,
  type CertificateRequest,
} from "./messages.ts";
import { CONTENT_CHANGE_CIPHER_SPEC, CONTENT_HANDSHAKE, type RecordLayer } from "./record-layer.ts";
import type { RecordProtection } from "./record-protection.ts";
import { gostPublicKey } from "./server-key.ts";
import { CIPHER_SUITES, suiteByCode, TLS1_0, TLS1_2, type CipherSuite, type RecordCipher } from "./suites.ts";

export interface HandshakeOptions {
  /** The name the certificate must carry, also sent as SNI. */
  hostName: string;
  trustAnchors: readonly Uint8Array[];
  clientKey: TlsClientKey | null;
  /** Default: every GOST suite. */
  suites?: readonly CipherSuite[];
  now?: Date;
}

export type ClientAuthentication = "none" | "static-key" | "certificate-verify";

export interface HandshakeResult {
  version: number;
  suite: CipherSuite;
  serverCertificate: CertificateInfo;
  serverCertificateDer: Uint8Array;
  clientAuthentication: ClientAuthentication;
}

function protection(cipher: RecordCipher, keys: DirectionKeys): RecordProtection {
  return cipher === "gost89" ? new Gost89Protection(keys.macKey, keys.key, keys.iv) : new CtrOmacProtection(cipher, keys.macKey, keys.key, keys.iv);
}

function expect(message: HandshakeMessage, type: number, name: string): Uint8Array {
  if (message.type !== type)
    throw protocolError(`expected ${name}, got handshake message ${message.type}`, `ожидалось сообщение ${name}, получено ${message.type}`);
  return message.body;
}

export async function clientHandshake(records: RecordLayer, options: HandshakeOptions): Promise<HandshakeResult> {
  const offered = options.suites ?? CIPHER_SUITES;
  const reader = new HandshakeReader(records, options.hostName);
  const transcript: Uint8Array[] = [];
  const send = async (type: number, body: Uint8Array) => {
    const message = handshakeMessage(type, body);
    transcript.push(message);
    await records.write(CONTENT_HANDSHAKE, message);
  };
  const receive = async () => {
    const message = await reader.message();
    // HelloRequest is not part of the transcript and a client mid-handshake ignores it.
    if (message.type === HANDSHAKE.helloRequest && message.body.length === 0) return reader.message();
    transcript.push(message.raw);
    return message;
  };

  const clientRandom = new Uint8Array(randomBytes(32));
  // RFC 6066 §3: server_name carries DNS names only, never an address.
  const sni = isIP(options.hostName) === 0 ? options.hostName : null;
  await send(HANDSHAKE.clientHello, clientHello({ random: clientRandom, suites: offered.map((s) => s.code), hostName: sni }));

  const hello = parseServerHello(expect(await receive(), HANDSHAKE.serverHello, "ServerHello"));
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

  const chain = parseCertificateList(expect(await receive(), HANDSHAKE.certificate, "Certificate"));
  const serverCertificate = verifyServerChain({ chain, trustAnchors: options.trustAnchors, hostName: options.hostName, now: options.now ?? new Date() });
  const serverKey = gostPublicKey(chain[0]!, serverCertificate);

  let request: CertificateRequest | null = null;
  let next = await receive();
  if (next.type === HANDSHAKE.certificateRequest) {
    request = parseCertificateRequest(next.body, hello.version);
    next = await receive();
  }
  if (expect(next, HANDSHAKE.serverHelloDone, "ServerHelloDone").length !== 0)
    throw protocolError("ServerHelloDone is not empty", "сообщение ServerHelloDone не пустое");

  const key = request ? options.clientKey : null;
  const keyInfo = key ? clientKeyInfo(key) : null;
  records.cork();
  if (request) {
    await send(HANDSHAKE.certificate, certificateMessage(key ? [key.certificate, ...key.chain] : []));
    reader.phase = "client-certificate-sent";
  }
  const exchange =
    suite.cipher === "gost89"
      ? await legacyKeyExchange(serverKey, clientRandom, hello.random, key && keyInfo && canAgreeWithStaticKey(keyInfo, serverKey) ? key : null)
      : gost2018KeyExchange(suite.cipher, serverKey, clientRandom, hello.random);
  await send(HANDSHAKE.clientKeyExchange, exchange.message);
  if (key && keyInfo && !exchange.staticKeyUsed) {
    await send(HANDSHAKE.certificateVerify, await certificateVerifyBody(key, keyInfo, hello.version, request?.sigalgs ?? [], concat(...transcript)));
  }

  const master = masterSecret(exchange.premaster, clientRandom, hello.random);
  exchange.premaster.fill(0);
  const keys = keyBlock(suite.cipher, master, clientRandom, hello.random);
  await records.write(CONTENT_CHANGE_CIPHER_SPEC, Uint8Array.of(1));
  records.setWriteProtection(protection(suite.cipher, keys.client));
  await send(HANDSHAKE.finished, finishedVerifyData(suite.cipher, master, "client", concat(...transcript)));
  await records.uncork();

  await reader.changeCipherSpec();
  records.setReadProtection(protection(suite.cipher, keys.server));
  const expected = finishedVerifyData(suite.cipher, master, "server", concat(...transcript));
  const finished = expect(await reader.message(), HANDSHAKE.finished, "Finished");
  master.fill(0);
  if (!equalConstantTime(finished, expected)) {
    throw new TlsError("TLS_HANDSHAKE_FAILED", "the server's Finished does not match the handshake", {
      problemEn: "The server's Finished message does not match: the handshake was altered or the server does not hold its key.",
      problemRu: "Сообщение Finished сервера не совпадает: установка связи искажена или у сервера нет его ключа.",
    });
  }
  reader.phase = "established";
  return {
    version: hello.version,
    suite,
    serverCertificate,
    serverCertificateDer: chain[0]!,
    clientAuthentication: !key ? "none" : exchange.staticKeyUsed ? "static-key" : "certificate-verify",
  };
}
