// @vitest-environment happy-dom
/**
 * The npm package crypto-pro, unchanged, against our cadesplugin. crypto-pro finds the
 * plug-in as `window.cadesplugin`; on first use it requires its bundled
 * cadesplugin_api.js, which returns at once because `window.cadesplugin` is already
 * defined (the loader's "already loaded" guard). Because CreateObjectAsync exists, it
 * compiles its calls into generator functions and runs them with cadesplugin.async_spawn,
 * so this exercises the same path as a page using the real extension.
 */
import { Buffer } from "node:buffer";
import { beforeAll, describe, expect, it } from "vitest";
import { installCadesPlugin } from "../../../../extension/src/page-api/index.ts";
import { FakeBackend, makeWorld, type World } from "./fake-backend.ts";
import { gostDigest, verifyCms } from "./helpers.ts";

type CryptoPro = typeof import("crypto-pro");

let world: World;
let backend: FakeBackend;
let cryptoPro: CryptoPro;

beforeAll(async () => {
  world = await makeWorld();
  backend = new FakeBackend(world);
  void installCadesPlugin(window, backend);
  cryptoPro = await import("crypto-pro");
});

describe("crypto-pro over the kep-bridge cadesplugin", () => {
  it("reads the system info and accepts the setup", async () => {
    expect(await cryptoPro.getSystemInfo()).toEqual({ cadesVersion: "2.0.15400", cspVersion: "5.0.13000" });
    expect(await cryptoPro.isValidSystemSetup()).toBe(true);
  });

  it("lists the valid certificates that have a key, with the plug-in's names and dates", async () => {
    const certs = await cryptoPro.getUserCertificates();
    expect(certs.map((c) => c.thumbprint).sort()).toEqual([world.user.thumbprint, world.strong.thumbprint].sort());
    const user = await cryptoPro.getCertificate(world.user.thumbprint);
    expect(user.name).toBe("Иванов Иван Иванович");
    expect(user.issuerName).toBe("CN=Тестовый УЦ, O=Тест, C=RU");
    expect(new Date(user.validTo).getTime()).toBeGreaterThan(Date.now());
    await expect(cryptoPro.getCertificate(world.ca.thumbprint)).rejects.toThrow(/не найден/);
  });

  it("parses owner and issuer info from the subject string", async () => {
    const user = await cryptoPro.getCertificate(world.user.thumbprint);
    const owner = await user.getOwnerInfo();
    const byTitle = Object.fromEntries(owner.map((e) => [e.title, e.description]));
    expect(byTitle).toMatchObject({
      Владелец: "Иванов Иван Иванович",
      Фамилия: "Иванов",
      "Имя Отчество": "Иван Иванович",
      ИНН: "007701234567",
      СНИЛС: "12345678901",
      ОГРН: "1027700132195",
      Страна: "RU",
    });
    // crypto-pro's own regex stops a quoted value at the first doubled quote, so it reads
    // less of O="ООО ""Ромашка"", филиал" than is there; it does the same with the real plug-in.
    expect(byTitle["Компания"]).toMatch(/^ООО "Ромашка"/);
    const issuer = await user.getIssuerInfo();
    expect(issuer).toContainEqual({ title: "Удостоверяющий центр", description: "Тестовый УЦ", isTranslated: true });
  });

  it("answers the certificate methods", async () => {
    const user = await cryptoPro.getCertificate(world.user.thumbprint);
    expect((await user.getExtendedKeyUsage()).sort()).toEqual(["1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4"]);
    expect(await user.hasExtendedKeyUsage("1.3.6.1.5.5.7.3.2")).toBe(true);
    expect(await user.getDecodedExtendedKeyUsage()).toMatchObject({ "1.3.6.1.5.5.7.3.2": "Проверка подлинности клиента" });
    expect(await user.getAlgorithm()).toEqual({ algorithm: "ГОСТ Р 34.10-2012 256 бит", oid: "1.2.643.7.1.1.1.1" });
    expect(await user.isValid()).toBe(true);
    expect(Buffer.from(await user.exportBase64(), "base64")).toEqual(Buffer.from(world.user.der));
    expect(await user.getCadesProp("SerialNumber")).toBe("0123456789ABCDEF");
  });

  it("creates a hash equal to openssl's GOST R 34.11-2012", async () => {
    const message = "Заявление на перевыпуск сертификата";
    expect(await cryptoPro.createHash(message)).toBe(gostDigest(world, Buffer.from(message), 256));
    expect(await cryptoPro.createHash(message, { hashedAlgorithm: 102 })).toBe(gostDigest(world, Buffer.from(message), 512));
  });

  it("creates an attached signature that openssl verifies", async () => {
    const message = "Подписываемые данные";
    const signature = await cryptoPro.createAttachedSignature(world.user.thumbprint, message);
    expect(verifyCms(world, signature).toString()).toBe(message);
  });

  it("creates a detached signature of a hash that openssl verifies against the document", async () => {
    const message = Buffer.from("Документ для отсоединённой подписи");
    backend.registerDocument(message);
    const hash = await cryptoPro.createHash(message.toString());
    const signature = await cryptoPro.createDetachedSignature(world.user.thumbprint, hash);
    expect(verifyCms(world, signature, message)).toEqual(message);
  });

  it("creates signatures through the deprecated createSignature, attached and detached", async () => {
    const bytes = Buffer.from("base64 content");
    const detached = await cryptoPro.createSignature(world.strong.thumbprint, bytes.toString("base64"));
    expect(verifyCms(world, detached, bytes)).toEqual(bytes);
    const attached = await cryptoPro.createSignature(world.strong.thumbprint, bytes.toString("base64"), false);
    expect(verifyCms(world, attached)).toEqual(bytes);
  });

  it("surfaces the plug-in's Russian error text when the user cancels", async () => {
    const { PageError, HRESULT } = await import("../../../../extension/src/page-api/index.ts");
    let calls = 0;
    const original = backend.sign.bind(backend);
    backend.sign = async () => {
      calls++;
      throw new PageError(HRESULT.cancelled, "Действие было отменено пользователем");
    };
    await expect(cryptoPro.createAttachedSignature(world.user.thumbprint, "x")).rejects.toThrow(/^Действие было отменено пользователем$/);
    expect(calls).toBe(1);
    backend.sign = original;
  });
});
