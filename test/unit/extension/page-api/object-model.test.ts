// @vitest-environment happy-dom
import { Buffer } from "node:buffer";
import { beforeAll, describe, expect, it } from "vitest";
import { HRESULT, PageError } from "../../../../extension/src/page-api/backend.ts";
import { NAME_FLAGS, parseName } from "../../../../extension/src/page-api/cadesplugin/distinguished-name.ts";
import { FakeBackend, makeWorld, type World } from "./fake-backend.ts";
import { freshPlugin, gostDigest, utf16le, verifyCms, type Async } from "./helpers.ts";

// The members of the CryptoPro plug-in's object model beyond what the reissue wizard uses,
// each driven the way the plug-in's documentation and its samples drive it.
let world: World;
beforeAll(async () => {
  world = await makeWorld();
});

async function certificate(cadesplugin: Async, thumbprint: string): Promise<Async> {
  const store = await cadesplugin.CreateObjectAsync("CAdESCOM.Store");
  await store.Open(cadesplugin.CAPICOM_CURRENT_USER_STORE, cadesplugin.CAPICOM_MY_STORE, cadesplugin.CAPICOM_STORE_OPEN_MAXIMUM_ALLOWED);
  return (await (await store.Certificates).Find(cadesplugin.CAPICOM_CERTIFICATE_FIND_SHA1_HASH, thumbprint)).Item(1);
}

async function signerFor(cadesplugin: Async, thumbprint: string): Promise<Async> {
  const signer = await cadesplugin.CreateObjectAsync("CAdESCOM.CPSigner");
  await signer.propset_Certificate(await certificate(cadesplugin, thumbprint));
  return signer;
}

/** `openssl cms -verify` checks every signer; -print shows them, so the test can count. */
function signerCount(cmsBase64: string): number {
  const file = world.ssl.write("count.der", Buffer.from(cmsBase64, "base64"));
  const printed = world.ssl.run(["cms", "-cmsout", "-print", "-inform", "DER", "-in", file, "-noout"]).toString();
  return printed.match(/signatureAlgorithm:/g)?.length ?? 0;
}

describe("X509Enrollment.CCspInformations / CCspInformation", () => {
  it("lists the GOST 2012 providers as RusCryptoJS walks them: AddAvailableCsps, Count, ItemByIndex from 0", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const csps = await cadesplugin.CreateObjectAsync("X509Enrollment.CCspInformations");
    expect(await csps.Count).toBe(0);
    await csps.AddAvailableCsps();
    const count: number = await csps.Count;
    const seen: [string, number, boolean][] = [];
    for (let i = 0; i < count; i++) {
      const csp = await csps.ItemByIndex(i);
      seen.push([await csp.Name, await csp.Type, await csp.LegacyCsp]);
    }
    expect(seen).toEqual([
      ["Crypto-Pro GOST R 34.10-2012 Cryptographic Service Provider", 80, true],
      ["Crypto-Pro GOST R 34.10-2012 Strong Cryptographic Service Provider", 81, true],
    ]);
    await expect(csps.ItemByIndex(count)).rejects.toThrow(/\(0x80070057\)/);
    const strong = await csps.ItemByName("Crypto-Pro GOST R 34.10-2012 Strong Cryptographic Service Provider");
    expect(await strong.Type).toBe(81);
  });

  it("initialises one provider by name, and refuses a provider kep-bridge cannot stand in for", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const csp = await cadesplugin.CreateObjectAsync("X509Enrollment.CCspInformation");
    await csp.InitializeFromName("Crypto-Pro GOST R 34.10-2012 Cryptographic Service Provider");
    expect([await csp.Name, await csp.Type, await csp.LegacyCsp, await csp.Valid]).toEqual([
      "Crypto-Pro GOST R 34.10-2012 Cryptographic Service Provider",
      80,
      true,
      true,
    ]);
    await expect(csp.InitializeFromName("Microsoft Enhanced RSA and AES Cryptographic Provider")).rejects.toThrow(/Microsoft Enhanced RSA.*\(0x80090019\)/);
  });
});

describe("X.500 names as CX500DistinguishedName.Encode takes them", () => {
  const expected = [
    { oid: "2.5.4.3", value: "Иванов Иван Иванович" },
    { oid: "2.5.4.10", value: 'ООО "Ромашка", филиал' },
    { oid: "1.2.643.100.3", value: "12345678901" },
    { oid: "2.5.4.6", value: "RU" },
  ];

  it("accepts trailing separators with spaces, quoted values, OID.x.y.z= forms and both , and ;", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const forms = [
      'CN=Иванов Иван Иванович, O="ООО ""Ромашка"", филиал", OID.1.2.643.100.3=12345678901, C=RU',
      'CN=Иванов Иван Иванович; O="ООО ""Ромашка"", филиал"; 1.2.643.100.3=12345678901; C=RU; ',
      'CN = Иванов Иван Иванович , O = "ООО ""Ромашка"", филиал" , СНИЛС=12345678901 ,C=RU,  ',
      'CN="Иванов Иван Иванович";O="ООО ""Ромашка"", филиал";OID.1.2.643.100.3="12345678901";C="RU";',
    ];
    for (const form of forms) {
      expect(parseName(form), form).toEqual(expected);
      const dn = await cadesplugin.CreateObjectAsync("X509Enrollment.CX500DistinguishedName");
      await dn.Encode(form, 0);
      expect(await dn.Name).toBe(form);
    }
  });

  it("follows CertStrToName's flags: one separator only, no '+', no quoting; doubled quotes inside quotes", () => {
    const cn = (value: string) => ({ oid: "2.5.4.3", value });
    const o = (value: string) => ({ oid: "2.5.4.10", value });
    expect(parseName("CN=Иванов, Иван; O=Ромашка, филиал", NAME_FLAGS.semicolonOnly)).toEqual([cn("Иванов, Иван"), o("Ромашка, филиал")]);
    expect(parseName("CN=Иванов; Иван, O=Ромашка", NAME_FLAGS.commaOnly)).toEqual([cn("Иванов; Иван"), o("Ромашка")]);
    expect(parseName("CN=Иванов, Иван\r\nO=Ромашка", NAME_FLAGS.crlfOnly)).toEqual([cn("Иванов, Иван"), o("Ромашка")]);
    expect(parseName("CN=A+B, O=C", NAME_FLAGS.noPlus)).toEqual([cn("A+B"), o("C")]);
    expect(parseName("CN=A+O=C")).toEqual([cn("A"), o("C")]);
    expect(parseName('CN="x"', NAME_FLAGS.noQuoting)).toEqual([cn('"x"')]);
    expect(parseName('CN="User ""one"""')).toEqual([cn('User "one"')]);
  });

  it("refuses what CryptoPro refuses: no '=', an unclosed quote, an unknown short name, an empty attribute", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const dn = await cadesplugin.CreateObjectAsync("X509Enrollment.CX500DistinguishedName");
    for (const bad of ["Иванов", 'CN="Иванов', "XYZ=1", "CN=a,,O=b", "=x", "1.2.3 = # AB CD 01"])
      await expect(dn.Encode(bad), bad).rejects.toThrow(/\(0x80070057\)/);
  });
});

describe("CadesSignedData: co-signing and verification", () => {
  const document = Buffer.from("Договор № 1 от 01.12.2026\n");

  it("CoSignCades adds a second signer to an attached signature after VerifyCades; openssl verifies both", async () => {
    const backend = new FakeBackend(world);
    const cadesplugin: Async = freshPlugin(backend);
    const first = await cadesplugin.CreateObjectAsync("CAdESCOM.CadesSignedData");
    await first.propset_ContentEncoding(cadesplugin.CADESCOM_BASE64_TO_BINARY);
    await first.propset_Content(document.toString("base64"));
    const signed: string = await first.SignCades(await signerFor(cadesplugin, world.user.thumbprint), cadesplugin.CADESCOM_CADES_BES);

    // The documentation's order: a fresh object, VerifyCades, then CoSignCades.
    const second = await cadesplugin.CreateObjectAsync("CAdESCOM.CadesSignedData");
    await expect(second.CoSignCades(await signerFor(cadesplugin, world.strong.thumbprint), 1)).rejects.toThrow(/VerifyCades.*\(0x80070057\)/);
    await second.VerifyCades(signed, cadesplugin.CADESCOM_CADES_BES);
    const cosigned: string = await second.CoSignCades(await signerFor(cadesplugin, world.strong.thumbprint), cadesplugin.CADESCOM_CADES_BES);
    expect(cosigned).toMatch(/^([A-Za-z0-9+/]{64}\r\n)+[A-Za-z0-9+/=]{1,64}\r\n$/);
    expect(signerCount(cosigned)).toBe(2);
    expect(verifyCms(world, cosigned)).toEqual(document);

    // The second signature was made through the same route as SignCades: the backend's sign().
    const call = backend.calls.at(-1);
    expect(call?.method === "sign" && call.request.thumbprint).toBe(world.strong.thumbprint);
    expect(call?.method === "sign" && Buffer.from(call.request.content ?? [])).toEqual(document);

    const check = await cadesplugin.CreateObjectAsync("CAdESCOM.CadesSignedData");
    await check.VerifyCades(cosigned, cadesplugin.CADESCOM_CADES_BES);
    const signers = await check.Signers;
    expect(await signers.Count).toBe(2);
    const thumbprints = [];
    for (let i = 1; i <= 2; i++) {
      const s = await signers.Item(i);
      thumbprints.push(await (await s.Certificate).Thumbprint);
      expect(await (await s.SignatureStatus).IsValid).toBe(true);
    }
    expect(thumbprints).toEqual([world.user.thumbprint, world.strong.thumbprint]);
  });

  it("co-signing with the message's own signer adds a second SignerInfo and keeps one copy of the certificate", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const first = await cadesplugin.CreateObjectAsync("CAdESCOM.CadesSignedData");
    await first.propset_Content("Подписано дважды");
    const signed: string = await first.SignCades(await signerFor(cadesplugin, world.user.thumbprint), cadesplugin.CADESCOM_CADES_BES);
    const again = await cadesplugin.CreateObjectAsync("CAdESCOM.CadesSignedData");
    await again.VerifyCades(signed, cadesplugin.CADESCOM_CADES_BES);
    const cosigned: string = await again.CoSignCades(await signerFor(cadesplugin, world.user.thumbprint), cadesplugin.CADESCOM_CADES_BES);
    expect(signerCount(cosigned)).toBe(2);
    const printed = world.ssl
      .run(["cms", "-cmsout", "-print", "-inform", "DER", "-in", world.ssl.write("twice.der", Buffer.from(cosigned, "base64")), "-noout"])
      .toString();
    expect(printed.match(/cert_info:/g)).toHaveLength(1);
    expect(verifyCms(world, cosigned)).toEqual(utf16le("Подписано дважды"));
  });

  it("CoSign (PKCS#7) co-signs a detached signature over Content", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const first = await cadesplugin.CreateObjectAsync("CAdESCOM.CadesSignedData");
    await first.propset_Content("Текст для двух подписей");
    const signed: string = await first.SignCades(await signerFor(cadesplugin, world.strong.thumbprint), cadesplugin.CADESCOM_PKCS7_TYPE, true);

    const second = await cadesplugin.CreateObjectAsync("CAdESCOM.CadesSignedData");
    await second.propset_Content("Текст для двух подписей");
    await second.VerifyCades(signed, cadesplugin.CADESCOM_PKCS7_TYPE, true);
    // Content changed after verification: the co-signature still covers what was verified.
    await second.propset_Content("Другой текст");
    const cosigned: string = await second.CoSign(await signerFor(cadesplugin, world.user.thumbprint), cadesplugin.CADESCOM_ENCODE_BASE64);
    expect(signerCount(cosigned)).toBe(2);
    expect(verifyCms(world, cosigned, utf16le("Текст для двух подписей"))).toEqual(utf16le("Текст для двух подписей"));
  });

  it("VerifyHash checks a detached signature against a HashedData, and SignatureStatus tells which signer failed", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const first = await cadesplugin.CreateObjectAsync("CAdESCOM.CadesSignedData");
    await first.propset_ContentEncoding(cadesplugin.CADESCOM_BASE64_TO_BINARY);
    await first.propset_Content(document.toString("base64"));
    const signed: string = await first.SignCades(await signerFor(cadesplugin, world.user.thumbprint), cadesplugin.CADESCOM_CADES_BES, true);

    const hashed = await cadesplugin.CreateObjectAsync("CAdESCOM.HashedData");
    await hashed.propset_Algorithm(cadesplugin.CADESCOM_HASH_ALGORITHM_CP_GOST_3411_2012_256);
    await hashed.SetHashValue(gostDigest(world, document, 256));
    const check = await cadesplugin.CreateObjectAsync("CAdESCOM.CadesSignedData");
    await check.VerifyHash(hashed, signed, cadesplugin.CADESCOM_CADES_BES);
    const signer = await (await check.Signers).Item(1);
    expect(await (await signer.Certificate).Thumbprint).toBe(world.user.thumbprint);
    expect(await (await signer.SignatureStatus).IsValid).toBe(true);

    const other = await cadesplugin.CreateObjectAsync("CAdESCOM.HashedData");
    await other.propset_Algorithm(cadesplugin.CADESCOM_HASH_ALGORITHM_CP_GOST_3411_2012_256);
    await other.SetHashValue(gostDigest(world, Buffer.from("другой документ"), 256));
    await expect(check.VerifyHash(other, signed, cadesplugin.CADESCOM_CADES_BES)).rejects.toThrow(/\(0x80091007\)/);
    expect(await (await (await (await check.Signers).Item(1)).SignatureStatus).IsValid).toBe(false);

    const wrongSize = await cadesplugin.CreateObjectAsync("CAdESCOM.HashedData");
    await wrongSize.propset_Algorithm(cadesplugin.CADESCOM_HASH_ALGORITHM_CP_GOST_3411_2012_512);
    await wrongSize.SetHashValue("00".repeat(64));
    await expect(check.VerifyHash(wrongSize, signed, 1)).rejects.toThrow(/\(0x80090008\)/);
  });

  it("CoSignHash adds a signer over a digest to the message VerifyHash accepted", async () => {
    const backend = new FakeBackend(world);
    backend.registerDocument(document);
    const cadesplugin: Async = freshPlugin(backend);
    const first = await cadesplugin.CreateObjectAsync("CAdESCOM.CadesSignedData");
    await first.propset_ContentEncoding(cadesplugin.CADESCOM_BASE64_TO_BINARY);
    await first.propset_Content(document.toString("base64"));
    const signed: string = await first.SignCades(await signerFor(cadesplugin, world.user.thumbprint), cadesplugin.CADESCOM_CADES_BES, true);

    const hash256 = await cadesplugin.CreateObjectAsync("CAdESCOM.HashedData");
    await hash256.propset_Algorithm(cadesplugin.CADESCOM_HASH_ALGORITHM_CP_GOST_3411_2012_256);
    await hash256.SetHashValue(gostDigest(world, document, 256));
    const hash512 = await cadesplugin.CreateObjectAsync("CAdESCOM.HashedData");
    await hash512.propset_Algorithm(cadesplugin.CADESCOM_HASH_ALGORITHM_CP_GOST_3411_2012_512);
    await hash512.SetHashValue(gostDigest(world, document, 512));

    const check = await cadesplugin.CreateObjectAsync("CAdESCOM.CadesSignedData");
    const strong = await signerFor(cadesplugin, world.strong.thumbprint);
    await expect(check.CoSignHash(hash512, strong, 1)).rejects.toThrow(/\(0x80070057\)/);
    await check.VerifyHash(hash256, signed, cadesplugin.CADESCOM_CADES_BES);
    // After VerifyHash there is no content to co-sign, only the digest.
    await expect(check.CoSignCades(strong, 1)).rejects.toThrow(/CoSignHash.*\(0x80070057\)/);
    await expect(check.CoSignHash(hash256, strong, 1)).rejects.toThrow(/\(0x80090008\)/);
    const cosigned: string = await check.CoSignHash(hash512, strong, cadesplugin.CADESCOM_CADES_BES);
    expect(signerCount(cosigned)).toBe(2);
    expect(verifyCms(world, cosigned, document)).toEqual(document);
  });

  it("EnhanceCades names itself and the reason when refused", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const signedData = await cadesplugin.CreateObjectAsync("CAdESCOM.CadesSignedData");
    await expect(signedData.EnhanceCades()).rejects.toThrow(/EnhanceCades.*штамп.*\(0x80004001\)/);
  });
});

describe("CAdESCOM.RawSignature", () => {
  const document = Buffer.from("<Документ>сырая подпись</Документ>");

  /** What the plug-in returns from SignHash: the token's s‖r, byte-reversed, as uppercase hex. */
  function pluginRawSignature(): string {
    const digest = Buffer.from(gostDigest(world, document, 256), "hex");
    const sig = world.ssl.run(["pkeyutl", "-sign", "-inkey", world.user.key!, "-in", world.ssl.write("raw-digest.bin", digest)]);
    return Buffer.from(sig).reverse().toString("hex").toUpperCase();
  }

  it("VerifyHash takes the plug-in's byte order (reversed s‖r hex) for a signature OpenSSL made", async () => {
    const cadesplugin: Async = freshPlugin(new FakeBackend(world));
    const hashed = await cadesplugin.CreateObjectAsync("CAdESCOM.HashedData");
    await hashed.propset_Algorithm(cadesplugin.CADESCOM_HASH_ALGORITHM_CP_GOST_3411_2012_256);
    await hashed.propset_DataEncoding(cadesplugin.CADESCOM_BASE64_TO_BINARY);
    await hashed.Hash(document.toString("base64"));
    const raw = await cadesplugin.CreateObjectAsync("CAdESCOM.RawSignature");
    const cert = await certificate(cadesplugin, world.user.thumbprint);
    const signature = pluginRawSignature();
    await raw.VerifyHash(hashed, cert, signature);

    const asOpenSslWritesIt = Buffer.from(signature, "hex").reverse().toString("hex");
    await expect(raw.VerifyHash(hashed, cert, asOpenSslWritesIt)).rejects.toThrow(/\(0x80090006\)/);
    await expect(raw.VerifyHash(hashed, cert, "zz")).rejects.toThrow(/\(0x80070057\)/);
    await expect(raw.VerifyHash(hashed, await certificate(cadesplugin, world.strong.thumbprint), signature)).rejects.toThrow(/\(0x80090008\)/);
  });

  it("SignHash as the plug-in's documentation shows it: HashedData.Hash, SignHash, then VerifyHash of the same hex", async () => {
    const backend = new FakeBackend(world);
    const cadesplugin: Async = freshPlugin(backend);
    const hashed = await cadesplugin.CreateObjectAsync("CAdESCOM.HashedData");
    await hashed.propset_Algorithm(cadesplugin.CADESCOM_HASH_ALGORITHM_CP_GOST_3411_2012_256);
    await hashed.propset_DataEncoding(cadesplugin.CADESCOM_BASE64_TO_BINARY);
    await hashed.Hash(document.toString("base64"));
    const cert = await certificate(cadesplugin, world.user.thumbprint);
    const raw = await cadesplugin.CreateObjectAsync("CAdESCOM.RawSignature");
    const signature: string = await raw.SignHash(hashed, cert);
    expect(signature).toMatch(/^[0-9A-F]{128}$/);
    await raw.VerifyHash(hashed, cert, signature);

    const digest = Buffer.from(gostDigest(world, document, 256), "hex");
    expect(backend.calls.at(-1)).toEqual({ method: "signHash", request: { thumbprint: world.user.thumbprint, digest: new Uint8Array(digest) } });
    // OpenSSL takes the standard order: the plug-in's hex reversed back.
    const verdict = world.ssl.run([
      "pkeyutl",
      "-verify",
      "-certin",
      "-inkey",
      world.user.pem,
      "-in",
      world.ssl.write("signed-hash.bin", digest),
      "-sigfile",
      world.ssl.write("raw.sig", Buffer.from(signature, "hex").reverse()),
    ]);
    expect(verdict.toString()).toMatch(/Signature Verified Successfully/);
  });

  it("SignHash refuses a hash of the other size before asking anyone, and passes the user's cancel on", async () => {
    const backend = new FakeBackend(world);
    const cadesplugin: Async = freshPlugin(backend);
    const hashed = await cadesplugin.CreateObjectAsync("CAdESCOM.HashedData");
    await hashed.propset_Algorithm(cadesplugin.CADESCOM_HASH_ALGORITHM_CP_GOST_3411_2012_512);
    await hashed.Hash("x");
    const raw = await cadesplugin.CreateObjectAsync("CAdESCOM.RawSignature");
    await expect(raw.SignHash(hashed, await certificate(cadesplugin, world.user.thumbprint))).rejects.toThrow(/\(0x80090008\)/);
    await expect(raw.SignHash("hash", await certificate(cadesplugin, world.user.thumbprint))).rejects.toThrow(/\(0x80070057\)/);
    expect(backend.calls.some((c) => c.method === "signHash")).toBe(false);

    const strong = await certificate(cadesplugin, world.strong.thumbprint);
    backend.failNext(new PageError(HRESULT.cancelled, "Операция отменена пользователем"));
    await expect(raw.SignHash(hashed, strong)).rejects.toThrow(/\(0x8010006E\)/);
  });
});
