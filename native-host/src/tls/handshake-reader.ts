/**
 * Handshake messages out of records: several may share a record and one may span records.
 * Alerts end the handshake with the error they mean; anything else out of place is the
 * server's protocol error.
 */
import { ALERT, alertError, type HandshakePhase } from "./alerts.ts";
import { protocolError, TlsError } from "./errors.ts";
import { CONTENT_ALERT, CONTENT_CHANGE_CIPHER_SPEC, CONTENT_HANDSHAKE, type RecordLayer } from "./record-layer.ts";

export interface HandshakeMessage {
  type: number;
  body: Uint8Array;
  /** Header and body, as the transcript hash takes it. */
  raw: Uint8Array;
}

const MAX_MESSAGE = 1 << 17;

export class HandshakeReader {
  private pending = new Uint8Array(0);
  phase: HandshakePhase = "hello";

  constructor(
    private readonly records: RecordLayer,
    private readonly server: string,
  ) {}

  private async nextRecord(): Promise<{ type: number; fragment: Uint8Array }> {
    const record = await this.records.read();
    if (record.type === CONTENT_ALERT) {
      if (record.fragment.length !== 2) throw protocolError("the server sent a malformed alert", "сервер прислал искажённое сообщение об ошибке");
      const description = record.fragment[1]!;
      if (description === ALERT.closeNotify)
        throw protocolError("the server closed the connection during the handshake", "сервер закрыл соединение посреди установки связи");
      throw alertError(description, this.phase, this.server);
    }
    return record;
  }

  async message(): Promise<HandshakeMessage> {
    while (true) {
      if (this.pending.length >= 4) {
        const length = (this.pending[1]! << 16) | (this.pending[2]! << 8) | this.pending[3]!;
        if (length > MAX_MESSAGE)
          throw protocolError("the server sent an oversized handshake message", "сервер прислал слишком длинное сообщение установки связи");
        if (this.pending.length >= 4 + length) {
          const raw = this.pending.slice(0, 4 + length);
          this.pending = this.pending.subarray(4 + length);
          return { type: raw[0]!, body: raw.subarray(4), raw };
        }
      }
      const record = await this.nextRecord();
      if (record.type !== CONTENT_HANDSHAKE)
        throw protocolError(
          `the server sent record type ${record.type} where a handshake message belongs`,
          `сервер прислал запись типа ${record.type} вместо сообщения установки связи`,
        );
      const joined = new Uint8Array(this.pending.length + record.fragment.length);
      joined.set(this.pending);
      joined.set(record.fragment, this.pending.length);
      this.pending = joined;
    }
  }

  /**
   * Our flight's write failed with the connection gone (EPIPE, ECONNRESET): a server that refuses
   * the client certificate may have sent its alert and closed before the write, leaving the alert
   * unread behind the failure. Throws the error that alert means, or else `closed`.
   */
  async alertLeftBehind(closed: unknown): Promise<never> {
    if (!(closed instanceof TlsError) || closed.code !== "TLS_CONNECTION_CLOSED") throw closed;
    try {
      for (;;) await this.nextRecord();
    } catch (error) {
      const fromAlert = error instanceof TlsError && ["TLS_ALERT", "TLS_CLIENT_CERT_REJECTED", "TLS_NO_COMMON_SUITE"].includes(error.code);
      throw fromAlert ? error : closed;
    }
  }

  /** The server's ChangeCipherSpec; no handshake bytes may be left pending before it. */
  async changeCipherSpec(): Promise<void> {
    const record = await this.nextRecord();
    if (this.pending.length !== 0 || record.type !== CONTENT_CHANGE_CIPHER_SPEC || record.fragment.length !== 1 || record.fragment[0] !== 1) {
      throw protocolError("the server did not send ChangeCipherSpec where it belongs", "сервер не прислал ChangeCipherSpec там, где положено");
    }
  }
}
