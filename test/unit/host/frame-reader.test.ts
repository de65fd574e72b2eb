import { describe, expect, it } from "vitest";
import { FrameReader } from "../../../native-host/src/io/frame-reader.ts";
import { encodeFrame, encodeResponse } from "../../../native-host/src/io/frame-writer.ts";
import { MAX_OUTBOUND_FRAME_BYTES, PartAssembler, type ResponsePart } from "../../../shared/protocol/index.ts";

function frame(body: string | Buffer): Buffer {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  const head = Buffer.alloc(4);
  head.writeUInt32LE(bytes.length, 0);
  return Buffer.concat([head, bytes]);
}

describe("frame reader", () => {
  it("reassembles frames delivered one byte at a time", () => {
    const stream = Buffer.concat([frame('{"a":1}'), frame(""), frame("привет")]);
    const reader = new FrameReader();
    const bodies: string[] = [];
    for (const byte of stream) {
      for (const event of reader.push(Buffer.from([byte]))) {
        if (event.kind === "frame") bodies.push(event.body.toString("utf8"));
      }
    }
    expect(bodies).toEqual(['{"a":1}', "", "привет"]);
    expect(reader.midFrame).toBe(false);
  });

  it("splits several frames arriving in one chunk", () => {
    const reader = new FrameReader();
    const events = reader.push(Buffer.concat([frame("1"), frame("22"), frame("333")]));
    expect(events.map((e) => (e.kind === "frame" ? e.body.toString() : e.kind))).toEqual(["1", "22", "333"]);
  });

  it("discards an oversize frame unread and stays in step", () => {
    const reader = new FrameReader(8);
    const events = reader.push(Buffer.concat([frame("x".repeat(20)), frame("ok")]));
    expect(events).toEqual([
      { kind: "oversize", length: 20 },
      { kind: "frame", body: Buffer.from("ok") },
    ]);
  });

  it("knows when the stream stopped inside a frame", () => {
    const reader = new FrameReader();
    reader.push(frame("abcdef").subarray(0, 7));
    expect(reader.midFrame).toBe(true);
    const header = new FrameReader();
    header.push(Buffer.from([1, 0]));
    expect(header.midFrame).toBe(true);
  });
});

describe("frame writer", () => {
  it("prefixes the UTF-8 byte length, not the character count", () => {
    const bytes = encodeFrame('"ключ"');
    expect(bytes.readUInt32LE(0)).toBe(Buffer.byteLength('"ключ"'));
  });

  it("keeps every outbound frame under Chrome's 1 MiB limit and reassembles to the original", () => {
    const response = { id: 5, ok: true as const, result: { der: "Ж".repeat(900_000) } };
    const frames = encodeResponse(response);
    expect(frames.length).toBeGreaterThan(1);
    const assembler = new PartAssembler();
    let joined: string | undefined;
    for (const f of frames) {
      expect(f.length).toBeLessThan(MAX_OUTBOUND_FRAME_BYTES);
      const part = JSON.parse(f.subarray(4).toString("utf8")) as ResponsePart;
      joined = assembler.add(part) ?? joined;
    }
    expect(JSON.parse(joined!)).toEqual(response);
  });

  it("sends small responses as one plain frame", () => {
    const frames = encodeResponse({ id: 1, ok: true, result: [] });
    expect(frames).toHaveLength(1);
    expect(JSON.parse(frames[0]!.subarray(4).toString())).toEqual({ id: 1, ok: true, result: [] });
  });
});
