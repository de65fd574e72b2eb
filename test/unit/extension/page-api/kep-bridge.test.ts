// @vitest-environment happy-dom
import { Buffer } from "node:buffer";
import { beforeAll, describe, expect, it } from "vitest";
import { HRESULT, installKepBridge, KEP_BRIDGE_VERSION, PageError, type KepBridge } from "../../../../extension/src/page-api/index.ts";
import { FakeBackend, makeWorld, type World } from "./fake-backend.ts";
import { gostDigest, verifyCms } from "./helpers.ts";

let world: World;
beforeAll(async () => {
  world = await makeWorld();
});

function bridge(backend: FakeBackend): KepBridge {
  const win = {} as Window;
  const installed = installKepBridge(win, backend);
  expect((win as unknown as { kepBridge: KepBridge }).kepBridge).toBe(installed);
  return installed;
}

describe("window.kepBridge", () => {
  it("lists certificates with DER, names and dates", async () => {
    const kep = bridge(new FakeBackend(world));
    expect(kep.version).toBe(KEP_BRIDGE_VERSION);
    const list = await kep.listCertificates();
    expect(list).toHaveLength(4);
    const user = list[0]!;
    expect(user).toMatchObject({ thumbprint: world.user.thumbprint, hasPrivateKey: true, issuer: "CN=Тестовый УЦ, O=Тест, C=RU" });
    expect(user.subject).toContain("CN=Иванов Иван Иванович");
    expect(Buffer.from(user.der, "base64")).toEqual(Buffer.from(world.user.der));
    expect(new Date(user.notAfter).getTime()).toBeGreaterThan(Date.now());
    expect(list[3]).toMatchObject({ thumbprint: world.expired.thumbprint, hasPrivateKey: false, notAfter: "2020-01-01T00:00:00.000Z" });
  });

  it("signs strings as UTF-8 and bytes as they are, attached or detached", async () => {
    const backend = new FakeBackend(world);
    const kep = bridge(backend);
    const attached = await kep.sign({ thumbprint: world.user.thumbprint, data: "Текст заявления", description: "Заявление" });
    expect(verifyCms(world, Buffer.from(attached).toString("base64")).toString()).toBe("Текст заявления");
    expect(backend.calls.at(-1)).toMatchObject({ method: "sign", request: { detached: false, description: "Заявление" } });
    const bytes = new Uint8Array([1, 2, 3, 250]);
    const detached = await kep.sign({ thumbprint: world.user.thumbprint.toLowerCase(), data: bytes.subarray(1), detached: true });
    expect(verifyCms(world, Buffer.from(detached).toString("base64"), bytes.subarray(1))).toEqual(Buffer.from([2, 3, 250]));
  });

  it("signs a digest (always detached) and computes GOST digests locally", async () => {
    const backend = new FakeBackend(world);
    const document = Buffer.from("документ");
    backend.registerDocument(document);
    const kep = bridge(backend);
    const digest = await kep.digest(document);
    expect(Buffer.from(digest).toString("hex").toUpperCase()).toBe(gostDigest(world, document, 256));
    expect(
      Buffer.from(await kep.digest("документ", 512))
        .toString("hex")
        .toUpperCase(),
    ).toBe(gostDigest(world, document, 512));
    const cms = await kep.sign({ thumbprint: world.user.thumbprint, digest: Buffer.from(digest).toString("hex") });
    expect(verifyCms(world, Buffer.from(cms).toString("base64"), document)).toEqual(document);
    expect(backend.calls.at(-1)).toMatchObject({ method: "sign", request: { detached: true } });
  });

  it("rejects bad requests and passes backend errors through with their HRESULT", async () => {
    const backend = new FakeBackend(world);
    const kep = bridge(backend);
    await expect(kep.sign({ thumbprint: world.user.thumbprint })).rejects.toThrow(/\(0x80070057\)/);
    await expect(kep.sign({ thumbprint: world.user.thumbprint, data: "x", digest: "00" })).rejects.toThrow(/\(0x80070057\)/);
    await expect(kep.sign({ thumbprint: world.user.thumbprint, digest: "zz" })).rejects.toThrow(/\(0x80070057\)/);
    backend.failNext(new PageError(HRESULT.cancelled, "Операция отменена пользователем"));
    const error = await kep.sign({ thumbprint: world.user.thumbprint, data: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PageError);
    expect((error as PageError).hresult).toBe(HRESULT.cancelled);
    expect(Object.isFrozen(kep)).toBe(true);
  });
});
