/**
 * A GOST TLS connection: connect, handshake, then application data. Any failure closes the
 * socket after a best-effort alert and is raised as a TlsError; no byte that arrived after it
 * (or in the record that failed) reaches the caller.
 */
import { connect as tcpConnect, type Socket } from "node:net";
import { ALERT, alertError } from "./alerts.ts";
import { TlsError, protocolError } from "./errors.ts";
import { clientHandshake, type HandshakeOptions, type HandshakeResult } from "./handshake.ts";
import { HANDSHAKE } from "./messages.ts";
import { CONTENT_ALERT, CONTENT_APPLICATION_DATA, CONTENT_HANDSHAKE, RecordLayer } from "./record-layer.ts";
import { sessionBinding } from "./session.ts";

export interface TlsConnectOptions extends HandshakeOptions {
  /** Where to connect; the host name stays `hostName` (like curl's --connect-to). */
  host: string;
  port: number;
  /** Idle time after which a silent server is given up on (not while the connection rests, see rest()). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** The alert we send for an error we raise, so the server's log says why we left. */
function alertFor(error: unknown): number {
  if (!(error instanceof TlsError)) return ALERT.internalError;
  switch (error.code) {
    case "TLS_BAD_RECORD_MAC":
      return ALERT.badRecordMac;
    case "TLS_UNEXPECTED_MESSAGE":
      return ALERT.unexpectedMessage;
    case "TLS_SERVER_UNTRUSTED":
      return ALERT.unknownCa;
    case "TLS_HOSTNAME_MISMATCH":
      return ALERT.badCertificate;
    case "TLS_HANDSHAKE_FAILED":
      return ALERT.handshakeFailure;
    case "TLS_SESSION_NOT_RESUMED":
      return ALERT.userCanceled;
    default:
      return ALERT.internalError;
  }
}

function openSocket(host: string, port: number, timeoutMs: number, server: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host, port });
    socket.setNoDelay(true);
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    socket.once("connect", () => {
      socket.removeAllListeners("error");
      resolve(socket);
    });
    socket.once("error", (error) => reject(new TlsError("TLS_CONNECT_FAILED", `cannot connect to ${host}:${port}: ${error.message}`, { server })));
  });
}

export class TlsConnection {
  private failed: TlsError | null = null;
  private closed = false;

  private constructor(
    private readonly records: RecordLayer,
    readonly handshake: HandshakeResult,
    private readonly server: string,
    private readonly socket: Socket,
    private readonly timeoutMs: number,
  ) {}

  static async connect(options: TlsConnectOptions): Promise<TlsConnection> {
    const server = options.hostName;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const socket = await openSocket(options.host, options.port, timeoutMs, server);
    const records = new RecordLayer(socket);
    const binding = sessionBinding(options.hostName, options.host, options.port, options.clientKey?.certificate ?? null);
    try {
      const handshake = await clientHandshake(records, {
        ...options,
        resume: options.resume?.binding === binding ? options.resume : undefined,
        sessionBinding: binding,
      });
      return new TlsConnection(records, handshake, server, socket, timeoutMs);
    } catch (error) {
      await abort(records, error);
      throw error;
    }
  }

  /** The next piece of application data, or null once the server has closed properly (close_notify). */
  async read(): Promise<Uint8Array | null> {
    if (this.failed) throw this.failed;
    if (this.closed) return null;
    try {
      while (true) {
        const record = await this.records.read();
        if (record.type === CONTENT_APPLICATION_DATA) {
          if (record.fragment.length > 0) return record.fragment;
          continue;
        }
        if (record.type === CONTENT_ALERT && record.fragment.length === 2) {
          if (record.fragment[1] === ALERT.closeNotify) {
            this.closed = true;
            this.records.close();
            return null;
          }
          throw alertError(record.fragment[1]!, "established", this.server);
        }
        // A HelloRequest asks for renegotiation, which this client does not do; ignoring it is allowed (RFC 5246 §7.4.1.1).
        if (record.type === CONTENT_HANDSHAKE && record.fragment.length === 4 && record.fragment[0] === HANDSHAKE.helloRequest) continue;
        throw protocolError(
          `the server sent record type ${record.type} after the handshake`,
          `сервер прислал запись типа ${record.type} после установки связи`,
        );
      }
    } catch (error) {
      this.failed = error instanceof TlsError ? error : new TlsError("TLS_UNEXPECTED_MESSAGE", String(error));
      await abort(this.records, error);
      throw this.failed;
    }
  }

  /**
   * The connection waits for its caller, not for the server (kept for the next request): no
   * deadline until the next write, so only the server's own keep-alive ends it.
   */
  rest(): void {
    this.socket.setTimeout(0);
  }

  async write(data: Uint8Array): Promise<void> {
    if (this.failed) throw this.failed;
    this.socket.setTimeout(this.timeoutMs);
    await this.records.write(CONTENT_APPLICATION_DATA, data);
  }

  /** Sends close_notify and closes the socket. */
  async close(): Promise<void> {
    if (!this.closed && !this.failed) {
      this.closed = true;
      await this.records.write(CONTENT_ALERT, Uint8Array.of(1, ALERT.closeNotify)).catch(() => undefined);
    }
    this.records.close();
  }
}

async function abort(records: RecordLayer, error: unknown): Promise<void> {
  records.discardHeld();
  // The server gets told why unless it is the one that failed or went away.
  const fromServer =
    error instanceof TlsError &&
    (error.code === "TLS_ALERT" || error.code === "TLS_CONNECTION_CLOSED" || error.code === "TLS_CLIENT_CERT_REJECTED" || error.code === "TLS_NO_COMMON_SUITE");
  if (!fromServer) await records.write(CONTENT_ALERT, Uint8Array.of(2, alertFor(error))).catch(() => undefined);
  records.close();
}
