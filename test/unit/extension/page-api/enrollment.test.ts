// @vitest-environment happy-dom
import { Buffer } from "node:buffer";
import { beforeAll, describe, expect, it } from "vitest";
import { HRESULT, PageError } from "../../../../extension/src/page-api/index.ts";
import { FakeBackend, makeWorld, type World } from "./fake-backend.ts";
import { freshPlugin, type Async } from "./helpers.ts";

let world: World;
beforeAll(async () => {
  world = await makeWorld();
});

const SUBJECT =
  'CN="Иванов Иван Иванович", SN=Иванов, G=Иван Иванович, ИНН=007701234567, СНИЛС=12345678901; ' +
  "OID.1.2.643.100.5=304770000000012, 1.2.643.100.1=1027700132195, INNLE=7707083893, C=RU, S=77 Москва, " +
  'L=Москва, STREET="ул. Льва Толстого, д. 16", O="ООО ""Ромашка""", T=Директор, E=ivanov@example.ru';

/** DER of a UTF8String, base64: the extnValue of subjectSignTool. */
function utf8StringBase64(text: string): string {
  const body = Buffer.from(text, "utf8");
  return Buffer.concat([Buffer.from([0x0c, body.length]), body]).toString("base64");
}

/** The CryptoPro demo's enrollment sequence (RetrieveCertificate_Async), step by step. */
async function makeRequest(cadesplugin: Async, providerType: number, encoding = 1): Promise<string> {
  return cadesplugin.async_spawn(function* (): Generator<Async, Async, Async> {
    const key = yield cadesplugin.CreateObjectAsync("X509Enrollment.CX509PrivateKey");
    yield key.propset_ProviderName("Crypto-Pro GOST R 34.10-2012 Cryptographic Service Provider");
    yield key.propset_ProviderType(providerType);
    yield key.propset_ContainerName("kep-reissue");
    yield key.propset_KeySpec(cadesplugin.AT_KEYEXCHANGE);
    yield key.propset_ExportPolicy(1);
    const request = yield cadesplugin.CreateObjectAsync("X509Enrollment.CX509CertificateRequestPkcs10");
    yield request.InitializeFromPrivateKey(1, key, "");
    const name = yield cadesplugin.CreateObjectAsync("X509Enrollment.CX500DistinguishedName");
    yield name.Encode(SUBJECT, 0);
    yield request.propset_Subject(name);

    const extensions = yield request.X509Extensions;
    const keyUsage = yield cadesplugin.CreateObjectAsync("X509Enrollment.CX509ExtensionKeyUsage");
    yield keyUsage.InitializeEncode(0x80 | 0x40 | 0x20 | 0x10);
    yield extensions.Add(keyUsage);

    const oids = yield cadesplugin.CreateObjectAsync("X509Enrollment.CObjectIds");
    for (const value of ["1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4"]) {
      const oid = yield cadesplugin.CreateObjectAsync("X509Enrollment.CObjectId");
      yield oid.InitializeFromValue(value);
      yield oids.Add(oid);
    }
    const eku = yield cadesplugin.CreateObjectAsync("X509Enrollment.CX509ExtensionEnhancedKeyUsage");
    yield eku.InitializeEncode(oids);
    yield extensions.Add(eku);

    const policyOid = yield cadesplugin.CreateObjectAsync("X509Enrollment.CObjectId");
    yield policyOid.InitializeFromValue("1.2.643.100.113.1");
    const policy = yield cadesplugin.CreateObjectAsync("X509Enrollment.CCertificatePolicy");
    yield policy.Initialize(policyOid);
    const policies = yield cadesplugin.CreateObjectAsync("X509Enrollment.CCertificatePolicies");
    yield policies.Add(policy);
    const policiesExt = yield cadesplugin.CreateObjectAsync("X509Enrollment.CX509ExtensionCertificatePolicies");
    yield policiesExt.InitializeEncode(policies);
    yield extensions.Add(policiesExt);

    const toolOid = yield cadesplugin.CreateObjectAsync("X509Enrollment.CObjectId");
    yield toolOid.InitializeFromValue("1.2.643.100.111");
    const tool = yield cadesplugin.CreateObjectAsync("X509Enrollment.CX509Extension");
    yield tool.Initialize(toolOid, 1, utf8StringBase64('СКЗИ "Рутокен ЭЦП 3.0"'));
    yield extensions.Add(tool);

    const kindOid = yield cadesplugin.CreateObjectAsync("X509Enrollment.CObjectId");
    yield kindOid.InitializeFromValue("1.2.643.100.114");
    const kind = yield cadesplugin.CreateObjectAsync("X509Enrollment.CX509Extension");
    yield kind.Initialize(kindOid, 1, Buffer.from([0x02, 0x01, 0x00]).toString("base64"));
    yield extensions.Add(kind);

    const enroll = yield cadesplugin.CreateObjectAsync("X509Enrollment.CX509Enrollment");
    yield enroll.InitializeFromRequest(request);
    return yield enroll.CreateRequest(encoding);
  });
}

describe("enrollment", () => {
  it("generates the key and has the backend make the request with the parsed subject and extensions", async () => {
    const backend = new FakeBackend(world);
    const cadesplugin: Async = freshPlugin(backend);
    const csr: string = await makeRequest(cadesplugin, 80);
    expect(backend.calls.map((c) => c.method)).toEqual(["generateKey", "createRequest"]);
    // The key is made once the subject is known, so the key's window can show it.
    const calls = backend.calls as { method: string; request: { subject?: unknown } }[];
    expect(calls[0]).toEqual({ method: "generateKey", request: { algorithm: "gost2012-256", subject: calls[1]!.request.subject } });
    expect(backend.calls[1]).toEqual({
      method: "createRequest",
      request: {
        keyRef: "key-1",
        subject: {
          commonName: "Иванов Иван Иванович",
          surname: "Иванов",
          givenName: "Иван Иванович",
          inn: "007701234567",
          snils: "12345678901",
          ogrnip: "304770000000012",
          ogrn: "1027700132195",
          innle: "7707083893",
          country: "RU",
          state: "77 Москва",
          locality: "Москва",
          street: "ул. Льва Толстого, д. 16",
          organization: 'ООО "Ромашка"',
          title: "Директор",
          email: "ivanov@example.ru",
        },
        extensions: {
          keyUsage: ["digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment"],
          extendedKeyUsage: ["1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4"],
          policies: ["1.2.643.100.113.1"],
          subjectSignTool: 'СКЗИ "Рутокен ЭЦП 3.0"',
          identificationKind: 0,
        },
      },
    });
    // The CSR is what the backend made, base64 with CRLF lines, and a valid PKCS#10.
    expect(csr).toMatch(/^([A-Za-z0-9+/=]{1,64}\r\n)+$/);
    const der = world.ssl.write("req.der", Buffer.from(csr, "base64"));
    const text = world.ssl.run(["req", "-inform", "DER", "-in", der, "-verify", "-noout", "-subject", "-nameopt", "utf8,sep_comma_plus"]).toString();
    expect(text).toContain("CN=Иванов Иван Иванович");
  });

  it("maps provider type 81 to GOST 2012-512 and writes the PEM request header on request", async () => {
    const backend = new FakeBackend(world);
    const csr: string = await makeRequest(freshPlugin(backend), 81, 3);
    expect(backend.calls[0]).toMatchObject({ method: "generateKey", request: { algorithm: "gost2012-512", subject: { commonName: "Иванов Иван Иванович" } } });
    expect(csr).toMatch(/^-----BEGIN NEW CERTIFICATE REQUEST-----\r\n[\s\S]+-----END NEW CERTIFICATE REQUEST-----\r\n$/);
  });

  it("refuses provider types other than 80/81, unknown name attributes and foreign raw extensions", async () => {
    const backend = new FakeBackend(world);
    const cadesplugin: Async = freshPlugin(backend);
    await expect(makeRequest(cadesplugin, 75)).rejects.toThrow(/\(0x80090008\)/);
    const name = await cadesplugin.CreateObjectAsync("X509Enrollment.CX500DistinguishedName");
    await expect(name.Encode("CN=x, FOO=bar")).rejects.toThrow(/FOO.*\(0x80070057\)/);
    await expect(name.Encode('CN="unterminated')).rejects.toThrow(/\(0x80070057\)/);
    const oid = await cadesplugin.CreateObjectAsync("X509Enrollment.CObjectId");
    await oid.InitializeFromValue("2.5.29.17");
    const ext = await cadesplugin.CreateObjectAsync("X509Enrollment.CX509Extension");
    await expect(ext.Initialize(oid, 1, "MAA=")).rejects.toThrow(/\(0x80004001\)/);
    await oid.InitializeFromValue("1.2.643.100.114");
    // IdentificationKind is an INTEGER 0..3: 4, a negative number, another type and garbage are refused.
    for (const value of [[0x02, 0x01, 0x04], [0x02, 0x01, 0xff], [0x0c, 0x01, 0x30], [0x02]]) {
      await expect(ext.Initialize(oid, 1, Buffer.from(value).toString("base64"))).rejects.toThrow(/identificationKind.*\(0x80070057\)/);
    }
    expect(backend.calls.filter((c) => c.method === "createRequest")).toHaveLength(0);
  });

  it("passes a cancelled key generation to the page as 0x8010006E", async () => {
    const backend = new FakeBackend(world);
    backend.failNext(new PageError(HRESULT.cancelled, "Операция отменена пользователем"));
    await expect(makeRequest(freshPlugin(backend), 80)).rejects.toThrow("Операция отменена пользователем (0x8010006E)");
  });

  it("installs the CA's response with the decoded DER, in base64 or PEM", async () => {
    const backend = new FakeBackend(world);
    const cadesplugin: Async = freshPlugin(backend);
    const b64 = Buffer.from(world.user.der).toString("base64");
    const enroll = await cadesplugin.CreateObjectAsync("X509Enrollment.CX509Enrollment");
    await enroll.Initialize(1);
    await enroll.InstallResponse(cadesplugin.CADESCOM_AllowUntrustedRoot, b64, 6, "");
    const pem = `-----BEGIN CERTIFICATE-----\r\n${b64.replace(/(.{64})/g, "$1\r\n")}\r\n-----END CERTIFICATE-----\r\n`;
    await enroll.InstallResponse(0, pem, 7, "");
    expect(backend.installed.map((d) => Buffer.from(d))).toEqual([Buffer.from(world.user.der), Buffer.from(world.user.der)]);
    await expect(enroll.InstallResponse(0, "bm90IGEgY2VydA==", 1, "")).rejects.toThrow(/\(0x80093102\)/);
    await expect(enroll.InstallResponse(0, "###", 1, "")).rejects.toThrow(/\(0x80093102\)/);
    expect(backend.installed).toHaveLength(2);
  });
});
