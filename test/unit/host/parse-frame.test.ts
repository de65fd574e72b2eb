import { describe, expect, it } from "vitest";
import { parseFrame } from "../../../native-host/src/host.ts";

describe("parseFrame", () => {
  it("accepts a valid request", () => {
    expect(parseFrame(Buffer.from('{"id":3,"cmd":"listTokens"}'))).toEqual({
      ok: true,
      request: { id: 3, cmd: "listTokens" },
    });
  });

  it("rejects invalid UTF-8 without an id", () => {
    const parsed = parseFrame(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect(parsed).toMatchObject({ ok: false, id: null, error: { code: "BAD_REQUEST" } });
  });

  it("rejects text that is not JSON", () => {
    expect(parseFrame(Buffer.from("{id:1"))).toMatchObject({ ok: false, id: null, error: { code: "BAD_REQUEST" } });
  });

  it("keeps the id of a readable request of the wrong shape so the caller can match the error", () => {
    const parsed = parseFrame(Buffer.from('{"id":9,"cmd":"listObjects","token":{"module":""}}'));
    expect(parsed).toMatchObject({ ok: false, id: 9, error: { code: "BAD_REQUEST" } });
    if (!parsed.ok) expect(parsed.error.message).toMatch(/token/);
  });

  it("rejects unknown commands", () => {
    expect(parseFrame(Buffer.from('{"id":1,"cmd":"eraseEverything"}'))).toMatchObject({ ok: false, id: 1 });
  });
});

describe("parseFrame never echoes what it refuses", () => {
  it("leaves out a PIN sent with the wrong type", () => {
    const frame = '{"id":4,"cmd":"login","token":{"module":"/usr/lib/x.so","serial":"1"},"pin":98765432}';
    const parsed = parseFrame(Buffer.from(frame));
    expect(parsed).toMatchObject({ ok: false, id: 4, error: { code: "BAD_REQUEST" } });
    if (!parsed.ok) {
      expect(parsed.error.message).toMatch(/pin/);
      expect(parsed.error.message).not.toContain("98765432");
    }
  });

  it("leaves out a document sent where its digest belongs", () => {
    const frame = { id: 5, cmd: "signDigest", token: { module: "/m.so", serial: "1" }, certificate: "A".repeat(40), digest: ["Секретный договор"] };
    const parsed = parseFrame(Buffer.from(JSON.stringify(frame)));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message).not.toContain("Секретный");
  });
});
