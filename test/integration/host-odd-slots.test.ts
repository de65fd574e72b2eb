import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResultOf } from "../../shared/protocol/index.ts";
import { ok } from "../fixtures/gost-signer.ts";
import { createGostToken, type GostToken } from "../fixtures/gost-token.ts";
import { HostProcess } from "../fixtures/host-process.ts";
import { clearFailure, failAfter, insertToken } from "../softtoken/harness.ts";

// Three slots of the GOST software token: working, never initialised, working. Whatever
// one slot does, the host's token list accounts for every slot and lists the others.
describe("listTokens with an odd slot among working ones", () => {
  let token: GostToken;
  let host: HostProcess;

  beforeAll(async () => {
    token = createGostToken({ slots: 3, initialised: [0, 2] });
    insertToken(token.dir, 1);
    host = new HostProcess(token.env);
    ok(await host.handshake());
  });
  afterAll(async () => {
    await host?.stop();
    token?.cleanup();
  });

  it("lists the uninitialised token apart, and both working tokens", async () => {
    const listed = ok<ResultOf<"listTokens">>(await host.request("listTokens"));
    expect(listed.tokens.map((t) => [t.slotId, t.serial])).toEqual([
      ["0", token.serials[0]],
      ["2", token.serials[1]],
    ]);
    expect(listed.unusable).toEqual([
      {
        module: token.module,
        slotId: "1",
        slotDescription: expect.any(String),
        state: "uninitialized",
        label: "",
        manufacturer: expect.any(String),
        model: expect.any(String),
        serial: "TEST-UNINIT-0001",
      },
    ]);
  });

  it("a device error on any one call leaves every other slot listed, the failing one as unreadable", async () => {
    let sawUnreadable = false;
    for (let n = 1; n <= 12; n++) {
      failAfter(token.dir, n);
      const response = await host.request("listTokens");
      clearFailure(token.dir);
      const { tokens, unusable = [], modules } = ok<ResultOf<"listTokens">>(response);
      const listed = { tokens, unusable, modules };
      if (listed.tokens.length + listed.unusable.length === 0) {
        // The slot list itself failed: nothing can be listed, and the module says why.
        expect(listed.modules[0]?.error?.code, `n=${n}`).toBe("INTERNAL");
        continue;
      }
      const slots = [...listed.tokens.map((t) => t.slotId), ...listed.unusable.map((u) => u.slotId)].sort();
      expect(slots, `n=${n}`).toEqual(["0", "1", "2"]);
      const unreadable = listed.unusable.filter((u) => u.state === "unreadable");
      expect(unreadable.length, `n=${n}`).toBeLessThanOrEqual(1);
      for (const u of unreadable) {
        sawUnreadable = true;
        expect(u.error?.code, `n=${n}`).toBe("INTERNAL");
        expect(listed.tokens.length, `n=${n}`).toBe(u.slotId === "1" ? 2 : 1);
      }
    }
    expect(sawUnreadable).toBe(true);
    // Nothing stuck: the next listing is the full one again.
    expect(ok<ResultOf<"listTokens">>(await host.request("listTokens")).tokens).toHaveLength(2);
  });
});
