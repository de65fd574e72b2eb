import { createHash, randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { DeleteItem, ResultOf, TokenRef } from "../../shared/protocol/index.ts";
import { createGostCa } from "../fixtures/gost-ca.ts";
import { placeSigner, ok } from "../fixtures/gost-signer.ts";
import { createGostToken, type GostToken } from "../fixtures/gost-token.ts";
import { HostProcess } from "../fixtures/host-process.ts";
import { clearFailure, failAfter, removeToken } from "../softtoken/harness.ts";

const sha1 = (der: Uint8Array) => createHash("sha1").update(der).digest("hex").toUpperCase();

// Faults a real token produces, through the GOST software token's controls. After each,
// the token must be consistent and the host's answer must say exactly what happened.
describe("faults", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(options: Parameters<typeof createGostToken>[0] = {}): Promise<{ token: GostToken; host: HostProcess; ref: (i?: number) => TokenRef }> {
    const token = createGostToken(options);
    const host = new HostProcess(token.env);
    cleanups.push(
      () => token.cleanup(),
      () => host.stop().then(() => undefined),
    );
    ok(await host.handshake());
    const ref = (i = 0) => ({ module: token.module, serial: token.serials[i]! });
    return { token, host, ref };
  }

  const listing = async (host: HostProcess, ref: TokenRef) => ok<ResultOf<"listObjects">>(await host.request("listObjects", { token: ref }));
  const freeMemory = async (host: HostProcess, serial: string) =>
    ok<ResultOf<"listTokens">>(await host.request("listTokens")).tokens.find((t) => t.serial === serial)!.memory.freePublic!;

  it("wrong PINs count down to a lock, reported with the last try and then as locked", async () => {
    const { token, host, ref } = await start({ pinTries: 3 });
    expect(await host.request("login", { token: ref(), pin: "11111111" })).toMatchObject({ ok: false, error: { code: "PIN_INCORRECT" } });
    const second = await host.request("login", { token: ref(), pin: "11111111" });
    expect(second).toMatchObject({ ok: false, error: { code: "PIN_INCORRECT", details: { triesLeft: 1 } } });
    expect(await host.request("login", { token: ref(), pin: "11111111" })).toMatchObject({ ok: false, error: { code: "PIN_LOCKED" } });
    expect(await host.request("login", { token: ref(), pin: token.pin })).toMatchObject({ ok: false, error: { code: "PIN_LOCKED" } });
    const [listed] = ok<ResultOf<"listTokens">>(await host.request("listTokens")).tokens;
    expect(listed!.pin).toMatchObject({ locked: true });
  });

  it("refuses a certificate that does not fit, says how much is needed and free, and writes nothing", async () => {
    const ca = createGostCa();
    const roomy = await start({ capacity: 1 << 20 });
    ok(await roomy.host.request("login", { token: roomy.ref(), pin: roomy.token.pin }));
    // Measure what a key pair and a certificate take on this token, then make a token one byte too small.
    const total = await freeMemory(roomy.host, roomy.token.serial);
    const { key: probe } = ok<ResultOf<"generateKeyPair">>(await roomy.host.request("generateKeyPair", { token: roomy.ref(), algorithm: "gost2012-256" }));
    const keyCost = total - (await freeMemory(roomy.host, roomy.token.serial));
    const probeCsr = ok<ResultOf<"createCsr">>(
      await roomy.host.request("createCsr", { token: roomy.ref(), keyId: probe.id, subject: { commonName: "Тестов" } }),
    );
    ok(await roomy.host.request("writeCertificate", { token: roomy.ref(), der: ca.issue(probeCsr.pem).toString("base64") }));
    const certCost = total - keyCost - (await freeMemory(roomy.host, roomy.token.serial));

    const tight = await start({ capacity: keyCost + certCost - 1 });
    ok(await tight.host.request("login", { token: tight.ref(), pin: tight.token.pin }));
    const { key } = ok<ResultOf<"generateKeyPair">>(await tight.host.request("generateKeyPair", { token: tight.ref(), algorithm: "gost2012-256" }));
    const csr = ok<ResultOf<"createCsr">>(await tight.host.request("createCsr", { token: tight.ref(), keyId: key.id, subject: { commonName: "Тестов" } }));
    const cert = ca.issue(csr.pem);
    const before = await freeMemory(tight.host, tight.token.serial);
    const full = await tight.host.request("writeCertificate", { token: tight.ref(), der: cert.toString("base64") });
    expect(full).toMatchObject({ ok: false, error: { code: "TOKEN_FULL", details: { free: before } } });
    if (!full.ok) expect(full.error.details!.needed!).toBeGreaterThan(before);
    expect((await listing(tight.host, tight.ref())).certificates).toEqual([]);
    expect(await freeMemory(tight.host, tight.token.serial)).toBe(before);
    // Key pairs until one does not fit: the token's own CKR_DEVICE_MEMORY becomes the same TOKEN_FULL.
    let made = 1;
    for (;;) {
      const freeBefore = await freeMemory(tight.host, tight.token.serial);
      const response = await tight.host.request("generateKeyPair", { token: tight.ref(), algorithm: "gost2012-256" });
      if (response.ok) {
        made++;
        continue;
      }
      expect(response).toMatchObject({ ok: false, error: { code: "TOKEN_FULL", details: { ckr: "CKR_DEVICE_MEMORY" } } });
      expect(await freeMemory(tight.host, tight.token.serial)).toBe(freeBefore);
      break;
    }
    expect((await listing(tight.host, tight.ref())).keys).toHaveLength(made);
  });

  it("reports exactly which objects a device error stopped deletion at, for every point of failure", async () => {
    const ca = createGostCa();
    const { token, host, ref } = await start();
    ok(await host.request("login", { token: ref(), pin: token.pin }));
    const signers = [await placeSigner(host, ref(), ca, "Первый"), await placeSigner(host, ref(), ca, "Второй")];
    const items: DeleteItem[] = signers.flatMap((s) => [
      { kind: "certificate" as const, thumbprint: s.thumbprint },
      { kind: "keyPair" as const, id: s.keyId },
    ]);
    let sawPartial = false;
    for (let n = 1; n <= 60; n++) {
      failAfter(token.dir, n);
      const response = await host.request("deleteObjects", { token: ref(), items });
      clearFailure(token.dir);
      if (!response.ok) {
        // A login session hit by the device error is gone; log in again and check nothing changed.
        await host.request("login", { token: ref(), pin: token.pin });
        const after = await listing(host, ref());
        expect(after.certificates.map((c) => c.thumbprint).sort(), `n=${n}`).toEqual(signers.map((s) => s.thumbprint).sort());
        continue;
      }
      const result = response.result as ResultOf<"deleteObjects">;
      const after = await listing(host, ref());
      const present = new Set([...after.certificates.map((c) => c.thumbprint), ...after.keys.map((k) => k.id)]);
      for (const { item } of result.deleted) expect(present.has(item.kind === "certificate" ? item.thumbprint : item.id), `n=${n} deleted`).toBe(false);
      expect(result.deleted.length + result.notDeleted.length).toBe(items.length);
      if (result.notDeleted.length === 0) break;
      sawPartial = true;
      // Put back what was deleted so the next n starts from the same token.
      await host.request("login", { token: ref(), pin: token.pin });
      for (const { item } of result.notDeleted) {
        if (item.kind === "certificate") expect(present.has(item.thumbprint), `n=${n} not deleted`).toBe(true);
      }
      ok(await host.request("deleteObjects", { token: ref(), items: result.notDeleted.map((x) => x.item), force: true }));
      break;
    }
    expect(sawPartial).toBe(true);
  });

  it("a device error in the middle of a signature leaves the token working", async () => {
    const ca = createGostCa();
    const { token, host, ref } = await start();
    ok(await host.request("login", { token: ref(), pin: token.pin }));
    const signer = await placeSigner(host, ref(), ca);
    const document = randomBytes(10);
    const digest = ca.ssl.run(["dgst", "-md_gost12_256", "-binary"], document).toString("hex");
    let failures = 0;
    for (let n = 1; n <= 20; n++) {
      failAfter(token.dir, n);
      const response = await host.request("signDigest", { token: ref(), certificate: signer.thumbprint, digest });
      clearFailure(token.dir);
      if (response.ok) break;
      failures++;
      expect(["INTERNAL", "TOKEN_REMOVED", "NOT_LOGGED_IN"]).toContain(response.error.code);
      if (response.error.code !== "INTERNAL") ok(await host.request("login", { token: ref(), pin: token.pin }));
    }
    expect(failures).toBeGreaterThan(0);
    const signed = ok<ResultOf<"signDigest">>(await host.request("signDigest", { token: ref(), certificate: signer.thumbprint, digest }));
    ca.verifyCms(Buffer.from(signed.cms, "base64"), document);
    expect((await listing(host, ref())).certificates.map((c) => c.thumbprint)).toEqual([signer.thumbprint]);
  });

  it("a removed token fails with TOKEN_REMOVED while another token keeps signing", async () => {
    const ca = createGostCa();
    const { token, host, ref } = await start({ slots: 2, initialised: [0, 1] });
    for (const i of [0, 1]) ok(await host.request("login", { token: ref(i), pin: token.pin }));
    const signers = [await placeSigner(host, ref(0), ca), await placeSigner(host, ref(1), ca)];
    const digest = createHash("sha256").update("document").digest("hex");
    removeToken(token.dir, 1);
    const [gone, working] = await Promise.all([
      host.request("signDigest", { token: ref(1), certificate: signers[1]!.thumbprint, digest }),
      host.request("signDigest", { token: ref(0), certificate: signers[0]!.thumbprint, digest }),
    ]);
    expect(gone).toMatchObject({ ok: false, error: { code: "TOKEN_REMOVED" } });
    expect(working.ok).toBe(true);
    expect(sha1(signers[0]!.der)).toBe(signers[0]!.thumbprint);
  });
});
