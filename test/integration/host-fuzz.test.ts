import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_INBOUND_FRAME_BYTES, type ResultOf } from "../../shared/protocol/index.ts";
import { frame, HostProcess } from "../fixtures/host-process.ts";
import { seededRandom } from "../fixtures/seeded-random.ts";
import { createSoftHsmToken, type SoftHsmToken } from "../fixtures/softhsm-token.ts";

const SEED = Number(process.env.KEP_FUZZ_SEED ?? 20261123);
const FRAMES = 1200;

type Generator = (rnd: () => number) => Buffer;

const bytes = (rnd: () => number, n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(rnd() * 256)));
const pick = <T>(rnd: () => number, items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
const VALID_SHAPED = [
  '{"id":1,"cmd":"listTokens"}',
  '{"id":2,"cmd":"handshake","protocol":"1.0.0","client":"x"}',
  '{"id":3,"cmd":"listObjects","token":{"module":"/m.so","serial":"1"}}',
];

/**
 * Every generator yields one whole frame the host must reject with one BAD_REQUEST
 * answer; none of them can be a valid request (the handshake has not happened, so even a
 * well-formed command is refused).
 */
const GENERATORS: Record<string, Generator> = {
  empty: () => frame(""),
  randomBytes: (rnd) => frame(bytes(rnd, 1 + Math.floor(rnd() * 300))),
  invalidUtf8: (rnd) => frame(Buffer.concat([Buffer.from('{"id":'), Buffer.from([0xc3, 0x28, 0xff]), bytes(rnd, 5)])),
  loneSurrogate: () => frame(Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22])),
  truncatedJson: (rnd) => {
    const text = pick(rnd, VALID_SHAPED);
    return frame(text.slice(0, 1 + Math.floor(rnd() * (text.length - 2))));
  },
  jsonScalar: (rnd) => frame(pick(rnd, ["null", "42", '"listTokens"', "true", "[]", "[1,2]", "{}"])),
  unknownCommand: (rnd) => frame(JSON.stringify({ id: Math.floor(rnd() * 1000), cmd: pick(rnd, ["deleteAll", "LISTTOKENS", "", "__proto__", "sign"]) })),
  wrongTypes: (rnd) =>
    frame(
      pick(rnd, [
        '{"id":"7","cmd":"listTokens"}',
        '{"id":-1,"cmd":"listTokens"}',
        '{"id":1.5,"cmd":"listTokens"}',
        '{"id":1e300,"cmd":"listTokens"}',
        '{"id":4,"cmd":"listObjects","token":"abc"}',
        '{"id":5,"cmd":"listObjects","token":{"module":5,"serial":"1"}}',
        '{"id":6,"cmd":"handshake","protocol":1,"client":"x"}',
        '{"id":8,"cmd":["listTokens"]}',
      ]),
    ),
  prototypePollution: () => frame('{"__proto__":{"ok":true},"id":9,"cmd":"constructor"}'),
  deepNesting: (rnd) => {
    const depth = 1000 + Math.floor(rnd() * 4000);
    return frame("[".repeat(depth) + "]".repeat(depth));
  },
  wellFormedBeforeHandshake: (rnd) =>
    frame(
      pick(
        rnd,
        VALID_SHAPED.filter((s) => !s.includes("handshake")),
      ),
    ),
};

describe("malformed input", () => {
  let token: SoftHsmToken;
  let host: HostProcess;

  beforeAll(async () => {
    token = await createSoftHsmToken();
    host = new HostProcess(token.env);
  });

  afterAll(async () => {
    await host?.stop();
    token?.cleanup();
  });

  it(`rejects ${FRAMES} seeded malformed frames one by one, then still answers correctly (seed ${SEED})`, async () => {
    const rnd = seededRandom(SEED);
    const names = Object.keys(GENERATORS);
    const sent: Record<string, number> = {};
    const rejected: { id: number | null; code: string }[] = [];
    for (let i = 0; i < FRAMES; i++) {
      const name = pick(rnd, names);
      sent[name] = (sent[name] ?? 0) + 1;
      const body = GENERATORS[name]!(rnd);
      // Each bad frame gets exactly one answer; wait for it so answers pair with frames.
      const answer = host.nextAny();
      host.write(body);
      const response = await answer;
      expect(response.ok, `${name} #${i}`).toBe(false);
      if (!response.ok) rejected.push({ id: response.id, code: response.error.code });
    }
    // Over-limit frames: the body is skipped unread and the stream stays in step.
    for (const extra of [1, 4096]) {
      const answer = host.nextAny();
      host.write(frame(Buffer.alloc(MAX_INBOUND_FRAME_BYTES + extra, 0x20)));
      expect(await answer).toMatchObject({ ok: false, error: { code: "BAD_REQUEST", message: expect.stringMatching(/over the limit/) } });
    }
    expect(rejected).toHaveLength(FRAMES);
    expect(new Set(rejected.map((r) => r.code))).toEqual(new Set(["BAD_REQUEST"]));
    expect(Object.keys(sent).length).toBe(names.length);

    const hello = await host.handshake();
    expect(hello.ok).toBe(true);
    const listed = await host.request("listTokens");
    if (!listed.ok) throw new Error(JSON.stringify(listed.error));
    expect((listed.result as ResultOf<"listTokens">).tokens.map((t) => t.serial)).toEqual([token.serial]);
    expect(host.child.exitCode).toBeNull();
  });

  it("ends on a stream broken inside a frame, with the reason logged and nothing on stdout", async () => {
    const broken = new HostProcess(token.env);
    const hello = await broken.handshake();
    expect(hello.ok).toBe(true);
    const before = broken.stdoutTotal;
    const partial = frame('{"id":2,"cmd":"listTokens"}');
    broken.child.stdin.end(partial.subarray(0, 10));
    const { code } = await broken.exited;
    expect(code).toBe(1);
    expect(broken.stdoutTotal).toBe(before);
    expect(broken.stderr).toBe("");
    expect(broken.log).toMatch(/stream was broken/);
    expect(broken.log).not.toMatch(/\n\s+at /);
  });
});
