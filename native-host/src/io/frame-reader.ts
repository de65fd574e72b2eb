import { MAX_INBOUND_FRAME_BYTES } from "../../../shared/protocol/index.ts";

export type FrameEvent =
  | { kind: "frame"; body: Buffer }
  /** A frame over the limit; its body was discarded unread and the stream stays in step. */
  | { kind: "oversize"; length: number };

/**
 * Incremental parser of native-messaging frames: a 4-byte length in the machine's byte
 * order (little-endian on every platform Chrome ships for), then that many bytes.
 * Bytes arrive in arbitrary pieces, so the reader keeps at most one partial frame.
 */
export class FrameReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private skipRemaining = 0;
  private skipLength = 0;

  constructor(private readonly maxFrame = MAX_INBOUND_FRAME_BYTES) {}

  /** True when the stream stopped inside a frame: a truncated message. */
  get midFrame(): boolean {
    return this.pendingBytes > 0 || this.skipRemaining > 0;
  }

  push(chunk: Buffer): FrameEvent[] {
    const events: FrameEvent[] = [];
    let data = chunk;
    while (data.length > 0) {
      if (this.skipRemaining > 0) {
        const n = Math.min(this.skipRemaining, data.length);
        this.skipRemaining -= n;
        data = data.subarray(n);
        if (this.skipRemaining === 0) events.push({ kind: "oversize", length: this.skipLength });
        continue;
      }
      this.pending.push(data);
      this.pendingBytes += data.length;
      data = Buffer.alloc(0);
      while (this.pendingBytes >= 4) {
        // Pieces are joined only once a whole frame is here: a 1 MiB frame arriving in
        // 64 KiB reads would otherwise be copied again on every read.
        if (this.pending[0]!.length < 4) this.pending = [Buffer.concat(this.pending)];
        const length = this.pending[0]!.readUInt32LE(0);
        if (length > this.maxFrame) {
          const rest = Buffer.concat(this.pending).subarray(4);
          this.reset();
          this.skipLength = length;
          this.skipRemaining = length;
          data = rest;
          break;
        }
        if (this.pendingBytes < 4 + length) break;
        const joined = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
        events.push({ kind: "frame", body: joined.subarray(4, 4 + length) });
        const rest = joined.subarray(4 + length);
        this.pending = rest.length ? [rest] : [];
        this.pendingBytes = rest.length;
      }
    }
    return events;
  }

  private reset(): void {
    this.pending = [];
    this.pendingBytes = 0;
  }
}
