// @vitest-environment happy-dom
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { HRESULT, installCadesPlugin, PageError, PROG_IDS } from "../../../../extension/src/page-api/index.ts";
import { FakeBackend, makeWorld, type World } from "./fake-backend.ts";
import { freshPlugin, gostDigest, utf16le, verifyCms, type Async } from "./helpers.ts";

let world: World;
beforeAll(async () => {
  world = await makeWorld();
});

const USER_SUBJECT =
  "ОГРН=1027700132195, СНИЛС=12345678901, ИНН=007701234567, CN=Иванов Иван Иванович, G=Иван Иванович, " +
  'SN=Иванов, O="ООО ""Ромашка"", филиал", L=Москва, S=77 Москва, C=RU';

async function userCertificate(cadesplugin: Async): Promise<Async> {
  const store = await cadesplugin.CreateObjectAsync("CAdESCOM.Store");
  await store.Open(cadesplugin.CAPICOM_CURRENT_USER_STORE, cadesplugin.CAPICOM_MY_STORE, cadesplugin.CAPICOM_STORE_OPEN_MAXIMUM_ALLOWED);
  const found = await (await store.Certificates).Find(cadesplugin.CAPICOM_CERTIFICATE_FIND_SHA1_HASH, world.user.thumbprint);
  return found.Item(1);
}

describe("the cadesplugin object", () => {
  it("is a promise carrying the loader's members and constants, in async (native messaging) mode", async () => {
    const win = {} as Window;
    const cadesplugin: Async = installCadesPlugin(win, new FakeBackend(world));
    expect((win as Async).cadesplugin).toBe(cadesplugin);
    await expect(cadesplugin).resolves.toBeUndefined();
    expect(typeof cadesplugin.then).toBe("function");
    expect(typeof cadesplugin.CreateObjectAsync).toBe("function");
    expect(cadesplugin.CreateObject).toBeUndefined();
    expect(typeof cadesplugin.async_spawn).toBe("function");
    expect(cadesplugin.CAPICOM_MY_STORE).toBe("My");
    expect(cadesplugin.CADESCOM_CADES_BES).toBe(1);
    expect(cadesplugin.CADESCOM_PKCS7_TYPE).toBe(0xffff);
    expect(cadesplugin.CADESCOM_HASH_ALGORITHM_CP_GOST_3411_2012_256).toBe(101);
    expect(cadesplugin.CADESCOM_CONTAINER_STORE).toBe(100);
    cadesplugin.set_log_level(cadesplugin.LOG_LEVEL_DEBUG);
    expect(cadesplugin.current_log_level).toBe(4);
    // A loader without the "already loaded" guard cannot replace it.
    expect(() => ((win as Async).cadesplugin = {})).toThrow(TypeError);
  });

  it("rejects with the loader's message when the extension is not reachable", async () => {
    const cadesplugin = installCadesPlugin({} as Window, new FakeBackend(world), { ready: Promise.reject(new Error("no host")) });
    await expect(cadesplugin).rejects.toThrow("Плагин недоступен: no host");
  });

  it("runs the official async sample's generator shape: args as one array, yields awaited", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const rows = await cadesplugin.async_spawn(function* (args: Async): Generator<Async, Async, Async> {
      expect(args).toEqual(["box"]);
      const oStore = yield cadesplugin.CreateObjectAsync("CAdESCOM.Store");
      yield oStore.Open();
      const certs = yield oStore.Certificates;
      const certCnt = yield certs.Count;
      const out: string[] = [];
      for (let i = 1; i <= certCnt; i++) {
        const cert = yield certs.Item(i);
        if (!(yield cert.HasPrivateKey())) continue;
        const validFrom = new Date(yield cert.ValidFromDate);
        expect(Number.isNaN(validFrom.getTime())).toBe(false);
        out.push(`${args[0]}:${yield cert.GetInfo(cadesplugin.CAPICOM_CERT_INFO_SUBJECT_SIMPLE_NAME)}`);
      }
      yield oStore.Close();
      return out;
    }, "box");
    expect(rows).toEqual(["box:Иванов Иван Иванович", "box:Петров Пётр"]);
  });

  it("throws a rejected yield into the generator, where getLastError reads it", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const message = await cadesplugin.async_spawn(function* (): Generator<Async, Async, Async> {
      try {
        yield cadesplugin.CreateObjectAsync("CAdESCOM.NoSuchThing");
        return "no error";
      } catch (err) {
        return cadesplugin.getLastError(err);
      }
    });
    expect(message).toMatch(/\(0x800401F3\)$/);
  });

  it("matches ProgIDs case-insensitively and rejects unknown ones with CO_E_CLASSSTRING", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    for (const progId of ["CAdESCOM.Store", "CAdESCOM.store", "CAPICOM.STORE", "cadescom.cpsigner", "X509Enrollment.CX509PrivateKey", "CADESCOM.CPAttribute"]) {
      await expect(cadesplugin.CreateObjectAsync(progId)).resolves.toBeTruthy();
    }
    expect(PROG_IDS).toHaveLength(26);
    for (const progId of PROG_IDS) await expect(cadesplugin.CreateObjectAsync(progId.toUpperCase())).resolves.toBeTruthy();
    const error = await cadesplugin.CreateObjectAsync("CAdESCOM.Nope").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PageError);
    expect((error as PageError).hresult).toBe(HRESULT.unknownProgId);
  });
});

describe("object proxies", () => {
  it("make every property a promise, set through propset_, and are not thenables themselves", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const attr = await cadesplugin.CreateObjectAsync("CADESCOM.CPAttribute");
    expect(attr.then).toBeUndefined();
    expect(await attr).toBe(attr);
    const name = attr.Name;
    expect(name).toBeInstanceOf(Promise);
    await expect(attr.propset_Name(cadesplugin.CADESCOM_AUTHENTICATED_ATTRIBUTE_DOCUMENT_NAME)).resolves.toBeUndefined();
    expect(await attr.Name).toBe(1);
    expect(await attr.OID).toBe("1.2.643.2.45.1.1.1");
    expect(attr.NoSuchMember).toBeUndefined();
    expect(attr.propset_NoSuchMember).toBeUndefined();
    // Internal helpers stay invisible to pages.
    const signer = await cadesplugin.CreateObjectAsync("CAdESCOM.CPSigner");
    expect(signer.signingCertificate).toBeUndefined();
  });

  it("reject writes to read-only properties and give back the same proxy for the same object", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const cert = await userCertificate(cadesplugin);
    await expect(cert.propset_Thumbprint("00")).rejects.toThrow(/read-only \(0x80004005\)/);
    const signer = await cadesplugin.CreateObjectAsync("CAdESCOM.CPSigner");
    await signer.propset_Certificate(cert);
    expect(await signer.Certificate).toBe(cert);
    expect(await signer.AuthenticatedAttributes2).toBe(await signer.AuthenticatedAttributes2);
    await expect(signer.propset_Certificate("not a certificate")).rejects.toThrow(/0x80070057/);
  });
});

describe("stores and certificate collections", () => {
  it("lists the token's certificates in My and in the container store, the CA certificates in Root", async () => {
    const backend = new FakeBackend(world);
    const cadesplugin: Async = freshPlugin(backend);
    const store = await cadesplugin.CreateObjectAsync("CAdESCOM.Store");
    await store.Open(cadesplugin.CAPICOM_CURRENT_USER_STORE, "My", 2);
    expect(await (await store.Certificates).Count).toBe(4);
    await store.Open(cadesplugin.CADESCOM_CONTAINER_STORE);
    expect(await (await store.Certificates).Count).toBe(4);
    await store.Open(cadesplugin.CAPICOM_SMART_CARD_USER_STORE);
    expect(await (await store.Certificates).Count).toBe(4);
    // lkip2 looks for the FNS and Минцифры CAs by thumbprint in the user's or the machine's Root.
    for (const location of [cadesplugin.CAPICOM_CURRENT_USER_STORE, cadesplugin.CAPICOM_LOCAL_MACHINE_STORE]) {
      await store.Open(location, "ROOT", 2);
      const roots = await (await store.Certificates).Find(cadesplugin.CAPICOM_CERTIFICATE_FIND_SHA1_HASH, world.ca.thumbprint);
      expect(await roots.Count).toBe(1);
      expect(await (await roots.Item(1)).HasPrivateKey()).toBe(false);
    }
    await store.Open(cadesplugin.CAPICOM_LOCAL_MACHINE_STORE, "My", 2);
    expect(await (await store.Certificates).Count).toBe(0);
    await store.Open(cadesplugin.CAPICOM_CURRENT_USER_STORE, "CA", 2);
    expect(await (await store.Certificates).Count).toBe(0);
    expect(backend.calls.filter((c) => c.method === "listCertificates")).toHaveLength(3);
    expect(backend.calls.filter((c) => c.method === "listRoots")).toHaveLength(2);
  });

  it("runs one object's calls in the order made, as the plug-in does, even when a page does not wait", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const store = await cadesplugin.CreateObjectAsync("CAdESCOM.Store");
    void store.Open(cadesplugin.CAPICOM_CURRENT_USER_STORE, "My", 2);
    expect(await (await store.Certificates).Count).toBe(4);
  });

  it("indexes from 1 and rejects Item(0) with E_INVALIDARG", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const store = await cadesplugin.CreateObjectAsync("CAdESCOM.Store");
    await store.Open();
    const certs = await store.Certificates;
    expect(await (await certs.Item(1)).Thumbprint).toBe(world.user.thumbprint);
    expect(await (await certs.Item(4)).Thumbprint).toBe(world.expired.thumbprint);
    await expect(certs.Item(0)).rejects.toThrow(/\(0x80070057\)/);
    await expect(certs.Item(5)).rejects.toThrow(/\(0x80070057\)/);
  });

  it("finds by SHA1, subject substring, time validity, private key and key usage", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const store = await cadesplugin.CreateObjectAsync("CAdESCOM.Store");
    await store.Open();
    const all = await store.Certificates;
    const thumbs = async (coll: Async) => {
      const out: string[] = [];
      for (let i = 1; i <= (await coll.Count); i++) out.push(await (await coll.Item(i)).Thumbprint);
      return out;
    };
    const { user, strong, ca, expired } = world;
    const spaced = user.thumbprint.toLowerCase().replace(/(..)/g, "$1 ");
    expect(await thumbs(await all.Find(cadesplugin.CAPICOM_CERTIFICATE_FIND_SHA1_HASH, spaced))).toEqual([user.thumbprint]);
    expect(await thumbs(await all.Find(cadesplugin.CAPICOM_CERTIFICATE_FIND_SUBJECT_NAME, "12345678901"))).toEqual([user.thumbprint]);
    expect(await thumbs(await all.Find(cadesplugin.CAPICOM_CERTIFICATE_FIND_SUBJECT_NAME, "петров"))).toEqual([strong.thumbprint]);
    expect(await thumbs(await all.Find(cadesplugin.CAPICOM_CERTIFICATE_FIND_TIME_VALID))).toEqual([user.thumbprint, strong.thumbprint, ca.thumbprint]);
    expect(await thumbs(await all.Find(cadesplugin.CAPICOM_CERTIFICATE_FIND_TIME_EXPIRED))).toEqual([expired.thumbprint]);
    const withKey = await all.Find(cadesplugin.CAPICOM_CERTIFICATE_FIND_EXTENDED_PROPERTY, cadesplugin.CAPICOM_PROPID_KEY_PROV_INFO);
    expect(await thumbs(withKey)).toEqual([user.thumbprint, strong.thumbprint]);
    expect(await thumbs(await all.Find(cadesplugin.CAPICOM_CERTIFICATE_FIND_KEY_USAGE, cadesplugin.CAPICOM_DIGITAL_SIGNATURE_KEY_USAGE))).toEqual([
      user.thumbprint,
      strong.thumbprint,
    ]);
    expect(await thumbs(await all.Find(cadesplugin.CAPICOM_CERTIFICATE_FIND_KEY_USAGE, "keyCertSign"))).toEqual([ca.thumbprint]);
    expect(await thumbs(await all.Find(cadesplugin.CAPICOM_CERTIFICATE_FIND_SUBJECT_NAME, "", true))).toEqual([
      user.thumbprint,
      strong.thumbprint,
      ca.thumbprint,
    ]);
    await expect(all.Find(cadesplugin.CAPICOM_CERTIFICATE_FIND_ROOT_NAME, "x")).rejects.toThrow(/0x80004001/);
  });
});

describe("certificate fields", () => {
  it("formats names, thumbprint, serial and dates the way the plug-in prints them", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const cert = await userCertificate(cadesplugin);
    expect(await cert.SubjectName).toBe(USER_SUBJECT);
    expect(await cert.IssuerName).toBe("CN=Тестовый УЦ, O=Тест, C=RU");
    expect(await cert.Thumbprint).toBe(createHash("sha1").update(world.user.der).digest("hex").toUpperCase());
    expect(await cert.SerialNumber).toBe("0123456789ABCDEF");
    const notAfter = world.ssl.run(["x509", "-in", world.user.pem, "-noout", "-enddate"]).toString().trim().replace("notAfter=", "");
    expect(new Date(await cert.ValidToDate).getTime()).toBe(new Date(notAfter).getTime());
    expect(await cert.ValidFromDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    expect(await cert.GetInfo(cadesplugin.CAPICOM_CERT_INFO_SUBJECT_SIMPLE_NAME)).toBe("Иванов Иван Иванович");
    expect(await cert.GetInfo(cadesplugin.CAPICOM_CERT_INFO_ISSUER_SIMPLE_NAME)).toBe("Тестовый УЦ");
    expect(Buffer.from(await cert.Export(cadesplugin.CADESCOM_ENCODE_BASE64), "base64")).toEqual(Buffer.from(world.user.der));
  });

  it("reports key, usages, validity and the CSP view of the private key", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const cert = await userCertificate(cadesplugin);
    const algorithm = await (await cert.PublicKey()).Algorithm;
    expect(await algorithm.FriendlyName).toBe("ГОСТ Р 34.10-2012 256 бит");
    expect(await algorithm.Value).toBe("1.2.643.7.1.1.1.1");
    expect(await (await cert.PublicKey()).Length).toBe(256);
    const ku = await cert.KeyUsage();
    expect([await ku.IsPresent, await ku.IsCritical, await ku.IsDigitalSignatureEnabled, await ku.IsKeyCertSignEnabled]).toEqual([true, true, true, false]);
    const ekus = await (await cert.ExtendedKeyUsage()).EKUs;
    expect(await ekus.Count).toBe(2);
    expect([await (await ekus.Item(1)).OID, await (await ekus.Item(2)).OID]).toEqual(["1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4"]);
    expect(await (await cert.IsValid()).Result).toBe(true);
    expect(await cert.HasPrivateKey()).toBe(true);
    const key = await cert.PrivateKey;
    expect(await key.ProviderType).toBe(80);
    expect(await key.ProviderName).toBe("Crypto-Pro GOST R 34.10-2012 Cryptographic Service Provider");
    expect(await key.ContainerName).toMatch(/^Rutoken ECP /);
  });

  it("gives 512-bit keys provider type 81, and no private key for certificates without one", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const store = await cadesplugin.CreateObjectAsync("CAdESCOM.Store");
    await store.Open();
    const all = await store.Certificates;
    const strong = await (await all.Find(0, world.strong.thumbprint)).Item(1);
    expect(await (await strong.PrivateKey).ProviderType).toBe(81);
    expect(await (await strong.PublicKey()).Length).toBe(512);
    const ca = await (await all.Find(0, world.ca.thumbprint)).Item(1);
    expect(await ca.HasPrivateKey()).toBe(false);
    await expect(ca.PrivateKey).rejects.toThrow(/\(0x8009000D\)/);
    const expired = await (await all.Find(0, world.expired.thumbprint)).Item(1);
    expect(await (await expired.IsValid()).Result).toBe(false);
  });

  it("imports a certificate into CAdESCOM.Certificate", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const cert = await cadesplugin.CreateObjectAsync("CAdESCOM.Certificate");
    await cert.Import(Buffer.from(world.ca.der).toString("base64"));
    expect(await cert.Thumbprint).toBe(world.ca.thumbprint);
    expect(await cert.HasPrivateKey()).toBe(false);
    await expect(cert.Import("bm90IGEgY2VydA==")).rejects.toThrow(/0x80093102/);
  });
});

describe("HashedData", () => {
  const bytes = Buffer.from("Заявление на перевыпуск, v1\n");

  it("hashes base64 input like openssl dgst -md_gost12_256 / -md_gost12_512", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    for (const [id, bits] of [
      [101, 256],
      [102, 512],
    ] as const) {
      const hashed = await cadesplugin.CreateObjectAsync("CAdESCOM.HashedData");
      await hashed.propset_Algorithm(id);
      await hashed.propset_DataEncoding(cadesplugin.CADESCOM_BASE64_TO_BINARY);
      await hashed.Hash(bytes.toString("base64"));
      expect(await hashed.Value).toBe(gostDigest(world, bytes, bits));
    }
  });

  it("hashes a string as UTF-16LE by default, and in pieces", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const hashed = await cadesplugin.CreateObjectAsync("CAdESCOM.HashedData");
    await hashed.propset_Algorithm(cadesplugin.CADESCOM_HASH_ALGORITHM_CP_GOST_3411_2012_256);
    await hashed.Hash("Привет, ");
    await hashed.Hash("мир");
    expect(await hashed.Value).toBe(gostDigest(world, utf16le("Привет, мир"), 256));
  });

  it("takes a hash value from SetHashValue, and computes SHA-256 through WebCrypto", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const hashed = await cadesplugin.CreateObjectAsync("CAdESCOM.HashedData");
    await hashed.propset_Algorithm(101);
    const hex = "ab".repeat(32);
    await hashed.SetHashValue(hex);
    expect(await hashed.Value).toBe(hex.toUpperCase());
    await expect(hashed.SetHashValue("abcd")).rejects.toThrow(/0x80070057/);
    await expect(hashed.propset_Algorithm(100)).rejects.toThrow(/0x80090008/);
    const sha = await cadesplugin.CreateObjectAsync("CAdESCOM.HashedData");
    await sha.propset_Algorithm(cadesplugin.CADESCOM_HASH_ALGORITHM_SHA_256);
    await sha.propset_DataEncoding(1);
    await sha.Hash(bytes.toString("base64"));
    expect(await sha.Value).toBe(createHash("sha256").update(bytes).digest("hex").toUpperCase());
  });
});

describe("CadesSignedData", () => {
  const document = Buffer.from("%PDF-1.4 заявление\n");

  async function prepared(cadesplugin: Async, thumbprint = world.user.thumbprint) {
    const store = await cadesplugin.CreateObjectAsync("CAdESCOM.Store");
    await store.Open();
    const cert = await (await (await store.Certificates).Find(0, thumbprint)).Item(1);
    const signer = await cadesplugin.CreateObjectAsync("CAdESCOM.CPSigner");
    await signer.propset_Certificate(cert);
    await signer.propset_Options(cadesplugin.CAPICOM_CERTIFICATE_INCLUDE_WHOLE_CHAIN);
    const time = await cadesplugin.CreateObjectAsync("CADESCOM.CPAttribute");
    await time.propset_Name(cadesplugin.CAPICOM_AUTHENTICATED_ATTRIBUTE_SIGNING_TIME);
    await time.propset_Value(new Date());
    const docName = await cadesplugin.CreateObjectAsync("CADESCOM.CPAttribute");
    await docName.propset_Name(cadesplugin.CADESCOM_AUTHENTICATED_ATTRIBUTE_DOCUMENT_NAME);
    await docName.propset_Value("Заявление.pdf");
    const attrs = await signer.AuthenticatedAttributes2;
    await attrs.Add(time);
    await attrs.Add(docName);
    const signedData = await cadesplugin.CreateObjectAsync("CAdESCOM.CadesSignedData");
    return { signer, signedData };
  }

  it("makes an attached CAdES-BES over base64 content that openssl verifies", async () => {
    const backend = new FakeBackend(world);
    const cadesplugin: Async = freshPlugin(backend);
    const { signer, signedData } = await prepared(cadesplugin);
    await signedData.propset_ContentEncoding(cadesplugin.CADESCOM_BASE64_TO_BINARY);
    await signedData.propset_Content(document.toString("base64"));
    const signature: string = await signedData.SignCades(signer, cadesplugin.CADESCOM_CADES_BES);
    expect(signature).toMatch(/^([A-Za-z0-9+/]{64}\r\n)+[A-Za-z0-9+/=]{1,64}\r\n$/);
    expect(verifyCms(world, signature)).toEqual(document);
    expect(backend.calls.at(-1)).toMatchObject({
      method: "sign",
      request: { thumbprint: world.user.thumbprint, detached: false, description: "Заявление.pdf" },
    });
  });

  it("makes a detached signature, and signs string content as UTF-16LE", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const { signer, signedData } = await prepared(cadesplugin);
    await signedData.propset_Content("Подписываемый текст");
    const signature = await signedData.SignCades(signer, cadesplugin.CADESCOM_CADES_BES, true);
    expect(verifyCms(world, signature, utf16le("Подписываемый текст"))).toEqual(utf16le("Подписываемый текст"));
    expect(() => verifyCms(world, signature, Buffer.from("Подписываемый текст"))).toThrow(/verification failure|digest failure/i);
  });

  it("accepts PKCS7_TYPE, refuses CAdES-T and X-Long", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const { signer, signedData } = await prepared(cadesplugin, world.strong.thumbprint);
    await signedData.propset_ContentEncoding(1);
    await signedData.propset_Content(document.toString("base64"));
    expect(verifyCms(world, await signedData.SignCades(signer, cadesplugin.CADESCOM_PKCS7_TYPE))).toEqual(document);
    await expect(signedData.SignCades(signer, cadesplugin.CADESCOM_CADES_T)).rejects.toThrow(/\(0x80004001\)/);
    await expect(signedData.SignCades(signer, cadesplugin.CADESCOM_CADES_X_LONG_TYPE_1)).rejects.toThrow(/\(0x80004001\)/);
    // Members the shim does not provide still answer in the plug-in's error shape.
    await expect(signedData.EnhanceCades()).rejects.toThrow(/EnhanceCades.*\(0x80004001\)/);
  });

  it("verifies attached signatures and gives back their content and signers", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const { signer, signedData } = await prepared(cadesplugin);
    await signedData.propset_Content("Текст заявления");
    const signature = await signedData.SignCades(signer, cadesplugin.CADESCOM_CADES_BES);

    const check = await cadesplugin.CreateObjectAsync("CAdESCOM.CadesSignedData");
    await check.VerifyCades(signature, cadesplugin.CADESCOM_CADES_BES);
    expect(await check.Content).toBe("Текст заявления");
    const signers = await check.Signers;
    expect(await signers.Count).toBe(1);
    const first = await signers.Item(1);
    expect(await (await first.Certificate).Thumbprint).toBe(world.user.thumbprint);
    expect(Math.abs(new Date(await first.SigningTime).getTime() - Date.now())).toBeLessThan(60_000);

    const asBase64 = await cadesplugin.CreateObjectAsync("CAdESCOM.CadesSignedData");
    await asBase64.propset_ContentEncoding(cadesplugin.CADESCOM_BASE64_TO_BINARY);
    await asBase64.VerifyCades(signature, cadesplugin.CADESCOM_PKCS7_TYPE);
    expect(Buffer.from(await asBase64.Content, "base64")).toEqual(utf16le("Текст заявления"));
  });

  it("verifies detached signatures against Content and rejects changed content or garbage", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const { signer, signedData } = await prepared(cadesplugin, world.strong.thumbprint);
    await signedData.propset_ContentEncoding(1);
    await signedData.propset_Content(document.toString("base64"));
    const signature = await signedData.SignCades(signer, 1, true);

    const check = await cadesplugin.CreateObjectAsync("CAdESCOM.CadesSignedData");
    await check.propset_ContentEncoding(1);
    await expect(check.VerifyCades(signature, 1, true)).rejects.toThrow(/\(0x80070057\)/);
    await check.propset_Content(document.toString("base64"));
    await check.VerifyCades(signature, 1, true);
    expect(await (await (await (await check.Signers).Item(1)).Certificate).Thumbprint).toBe(world.strong.thumbprint);
    await check.propset_Content(Buffer.from("другой документ").toString("base64"));
    await expect(check.VerifyCades(signature, 1, true)).rejects.toThrow(/\(0x80091007\)/);
    await expect(check.VerifyCades("MIIBAAAA", 1, true)).rejects.toThrow(/\(0x80093102\)/);
    await expect(check.VerifyCades(signature, 1, false)).rejects.toThrow(/\(0x80093102\)/);
  });

  it("signs a hash with SignHash, verifiable against the document", async () => {
    const backend = new FakeBackend(world);
    backend.registerDocument(document);
    const cadesplugin: Async = freshPlugin(backend);
    const { signer, signedData } = await prepared(cadesplugin);
    const hashed = await cadesplugin.CreateObjectAsync("CAdESCOM.HashedData");
    await hashed.propset_Algorithm(cadesplugin.CADESCOM_HASH_ALGORITHM_CP_GOST_3411_2012_256);
    await hashed.SetHashValue(gostDigest(world, document, 256));
    const signature = await signedData.SignHash(hashed, signer, cadesplugin.CADESCOM_CADES_BES);
    expect(verifyCms(world, signature, document)).toEqual(document);
    const call = backend.calls.at(-1);
    expect(
      call?.method === "sign" &&
        Buffer.from(call.request.digest ?? [])
          .toString("hex")
          .toUpperCase(),
    ).toBe(gostDigest(world, document, 256));
    const wrong = await cadesplugin.CreateObjectAsync("CAdESCOM.HashedData");
    await wrong.propset_Algorithm(102);
    await wrong.SetHashValue("00".repeat(64));
    await expect(signedData.SignHash(wrong, signer, 1)).rejects.toThrow(/\(0x80090008\)/);
  });

  it("rejects with the plug-in's error shape when the user cancels", async () => {
    const backend = new FakeBackend(world);
    const cadesplugin: Async = freshPlugin(backend);
    const { signer, signedData } = await prepared(cadesplugin);
    await signedData.propset_Content("x");
    backend.failNext(new PageError(HRESULT.cancelled, "Операция отменена пользователем"));
    const error = await signedData.SignCades(signer, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe("Операция отменена пользователем (0x8010006E)");
    expect(cadesplugin.getLastError(error)).toBe("Операция отменена пользователем (0x8010006E)");
    expect(cadesplugin.getLastError({ message: "Ошибка", number: 0x80090008 })).toBe("Ошибка (0x80090008)");
  });

  it("refuses to sign without content, without a certificate, or with a certificate lacking a key", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const { signer, signedData } = await prepared(cadesplugin, world.ca.thumbprint);
    await expect(signedData.SignCades(signer, 1)).rejects.toThrow(/0x80070057/);
    await signedData.propset_Content("x");
    await expect(signedData.SignCades(signer, 1)).rejects.toThrow(/0x8009000D/);
    const empty = await cadesplugin.CreateObjectAsync("CAdESCOM.CPSigner");
    await expect(signedData.SignCades(empty, 1)).rejects.toThrow(/0x80070057/);
    await signedData.propset_ContentEncoding(1);
    await expect(signedData.propset_Content("***")).rejects.toThrow(/0x80093102/);
  });
});

describe("About", () => {
  it("reports plug-in and CSP versions as Version objects", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const about = await cadesplugin.CreateObjectAsync("CAdESCOM.About");
    const version = await about.PluginVersion;
    expect(await version.toString()).toBe("2.0.15400");
    expect([await version.MajorVersion, await version.MinorVersion, await version.BuildVersion]).toEqual([2, 0, 15400]);
    expect(await about.Version).toBe("2.0.15400");
    const csp = await about.CSPVersion("", 80);
    expect(await csp.MajorVersion).toBe(5);
    expect(await about.CSPName(80)).toBe("kep-bridge (PKCS#11)");
  });

  it("asks the backend again after a failed read", async () => {
    const backend = new FakeBackend(world);
    const cadesplugin: Async = freshPlugin(backend);
    const about = await cadesplugin.CreateObjectAsync("CAdESCOM.About");
    backend.failNext(new PageError(HRESULT.noToken, "Нет связи с расширением"));
    await expect(about.Version).rejects.toThrow("Нет связи с расширением (0x8010002E)");
    expect(await about.Version).toBe("2.0.15400");
  });
});
