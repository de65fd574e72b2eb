import { MAX_OUTBOUND_FRAME_BYTES, splitSerialized, type Response } from "../../../shared/protocol/index.ts";

export function encodeFrame(json: string): Buffer {
  const body = Buffer.from(json, "utf8");
  const frame = Buffer.allocUnsafe(4 + body.length);
  frame.writeUInt32LE(body.length, 0);
  body.copy(frame, 4);
  return frame;
}

/**
 * Serializes a response into one frame, or into several response parts when one frame
 * would come near Chrome's 1 MiB host-to-browser limit. The margin covers the part
 * envelope; the split itself bounds every part far below the limit.
 */
export function encodeResponse(response: Response): Buffer[] {
  const json = JSON.stringify(response);
  if (Buffer.byteLength(json, "utf8") <= MAX_OUTBOUND_FRAME_BYTES - 64 * 1024 || response.id === null) {
    return [encodeFrame(json)];
  }
  return splitSerialized(response.id, json).map((part) => encodeFrame(JSON.stringify(part)));
}
