/**
 * TLS records over a socket (RFC 5246 §6.2): framing, sequence numbers and the protection
 * ChangeCipherSpec switches on. Reading is pull-based so that nothing past a failure is ever
 * decrypted or handed on.
 */
import type { Socket } from "node:net";
import { concat, u16, u8 } from "./bytes.ts";
import { protocolError, TlsError } from "./errors.ts";
import type { RecordProtection } from "./record-protection.ts";
import { TLS1_0 } from "./suites.ts";

export const CONTENT_CHANGE_CIPHER_SPEC = 20;
export const CONTENT_ALERT = 21;
export const CONTENT_HANDSHAKE = 22;
export const CONTENT_APPLICATION_DATA = 23;

const HEADER = 5;
const MAX_PLAINTEXT = 16384;
/** RFC 5246 §6.2.3: a ciphertext fragment may exceed the plaintext limit by at most 2048 bytes. */
const MAX_CIPHERTEXT = MAX_PLAINTEXT + 2048;

export interface TlsRecord {
  type: number;
  fragment: Uint8Array;
}

export class RecordLayer {
  /** The version written in record headers: TLS 1.0 until the server has chosen one. */
  version = TLS1_0;
  private readProtection: RecordProtection | null = null;
  private writeProtection: RecordProtection | null = null;
  private readSeq = 0n;
  private writeSeq = 0n;

  private buffered: Buffer = Buffer.alloc(0);
  private ended = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
      // Back-pressure: stop reading while a whole record is waiting to be taken.
      if (this.buffered.length >= HEADER + MAX_CIPHERTEXT) socket.pause();
      this.notify();
    });
    socket.on("end", () => {
      this.ended = true;
      this.notify();
    });
    socket.on("close", () => {
      this.ended = true;
      this.notify();
    });
    socket.on("error", (error) => {
      this.failure = error;
      this.notify();
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private async fill(length: number): Promise<void> {
    while (this.buffered.length < length) {
      if (this.failure) throw new TlsError("TLS_CONNECTION_CLOSED", `connection failed: ${this.failure.message}`);
      if (this.ended) {
        throw new TlsError(
          "TLS_CONNECTION_CLOSED",
          this.buffered.length === 0 ? "connection closed by the server" : "connection closed in the middle of a record",
        );
      }
      this.socket.resume();
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** The next record, decrypted and authenticated. */
  async read(): Promise<TlsRecord> {
    await this.fill(HEADER);
    const type = this.buffered[0]!;
    const major = this.buffered[1]!;
    const length = this.buffered.readUInt16BE(3);
    if (type < CONTENT_CHANGE_CIPHER_SPEC || type > CONTENT_APPLICATION_DATA || major !== 3) {
      throw protocolError("the server sent something that is not a TLS record", "сервер прислал данные, не похожие на запись TLS");
    }
    if (length > (this.readProtection ? MAX_CIPHERTEXT : MAX_PLAINTEXT)) {
      throw protocolError("the server sent a record longer than TLS allows", "сервер прислал запись TLS длиннее допустимого");
    }
    await this.fill(HEADER + length);
    const version = this.buffered.readUInt16BE(1);
    const body = this.buffered.subarray(HEADER, HEADER + length);
    this.buffered = this.buffered.subarray(HEADER + length);
    if (!this.readProtection) return { type, fragment: new Uint8Array(body) };
    // Decryption writes the plaintext elsewhere, so the ciphertext is read where it arrived.
    const fragment = this.readProtection.open(type, version, this.readSeq, body);
    this.readSeq++;
    if (fragment.length > MAX_PLAINTEXT) {
      throw protocolError("the server sent a record longer than TLS allows", "сервер прислал запись TLS длиннее допустимого");
    }
    return { type, fragment };
  }

  /** Records held back by cork() until uncork() sends them in one write. */
  private corked: Uint8Array[] | null = null;

  /**
   * Holds records back so that a whole flight goes out in one write: the server then has all
   * of it before it can answer, and an alert it sends about the first message is still read
   * rather than lost to a reset while the rest is being written.
   */
  cork(): void {
    this.corked ??= [];
  }

  async uncork(): Promise<void> {
    const held = this.corked;
    this.corked = null;
    if (held && held.length > 0) await this.send(concat(...held));
  }

  /** Forgets held records: the flight failed before it was complete. */
  discardHeld(): void {
    this.corked = null;
  }

  private send(bytes: Uint8Array): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.socket.write(bytes, (error) => (error ? reject(new TlsError("TLS_CONNECTION_CLOSED", `connection failed: ${error.message}`)) : resolve()));
    });
  }

  /** Writes data as one or more records of `type`. */
  async write(type: number, data: Uint8Array): Promise<void> {
    const records: Uint8Array[] = [];
    const count = Math.max(1, Math.ceil(data.length / MAX_PLAINTEXT));
    for (let i = 0; i < count; i++) {
      const plain = data.subarray(i * MAX_PLAINTEXT, (i + 1) * MAX_PLAINTEXT);
      const body = this.writeProtection ? this.writeProtection.seal(type, this.version, this.writeSeq++, plain) : plain;
      records.push(u8(type), u16(this.version), u16(body.length), body);
    }
    const bytes = concat(...records);
    if (this.corked) this.corked.push(bytes);
    else await this.send(bytes);
  }

  setReadProtection(protection: RecordProtection): void {
    this.readProtection = protection;
    this.readSeq = 0n;
  }

  setWriteProtection(protection: RecordProtection): void {
    this.writeProtection = protection;
    this.writeSeq = 0n;
  }

  /** Whether bytes of a record have arrived that nobody has read: a close now truncates it. */
  get hasPartialRecord(): boolean {
    return this.buffered.length > 0;
  }

  close(): void {
    this.socket.destroy();
  }
}
