/**
 * A PageBackend over real certificates and real GOST signatures: the certificates are made
 * by openssl with the GOST engine, and sign() returns what
 * `openssl cms -sign -binary -cades -md md_gost12_256` makes with the certificate's key, so
 * tests can check the shim's output with `openssl cms -verify`. Every call is recorded, and
 * the next call can be made to fail with a PageError (user cancel, no token, ...).
 */
import "reflect-metadata";
import { createHash, webcrypto } from "node:crypto";
import { X509CertificateGenerator } from "@peculiar/x509";
import { streebog256, streebog512 } from "../../../../shared/crypto/streebog.ts";
import { toHex } from "../../../../shared/encoding.ts";
import { ATTRIBUTE_TYPES } from "../../../../shared/x509/oids.ts";
import type {
  PageAbout,
  PageBackend,
  PageCertificate,
  PageCsrRequest,
  PageError,
  PageKey,
  PageKeyRequest,
  PageRawSignRequest,
  PageSignRequest,
} from "../../../../extension/src/page-api/backend.ts";
import { gostOpenSsl, type OpenSsl } from "./openssl.ts";

export interface FakeCert {
  der: Uint8Array;
  thumbprint: string;
  /** Files in the openssl directory. */
  pem: string;
  key: string | null;
  md: "md_gost12_256" | "md_gost12_512";
}

export interface World {
  ssl: OpenSsl;
  ca: FakeCert;
  /** GOST 2012-256 end-entity certificate with its key "on the token". */
  user: FakeCert;
  /** GOST 2012-512 certificate with its key. */
  strong: FakeCert;
  /** An EC certificate that expired in 2020, without a key. */
  expired: FakeCert;
}

const USER_SUBJECT =
  '/C=RU/ST=77 Москва/L=Москва/O=ООО "Ромашка", филиал/SN=Иванов/GN=Иван Иванович/CN=Иванов Иван Иванович' +
  "/1.2.643.3.131.1.1=007701234567/1.2.643.100.3=12345678901/1.2.643.100.1=1027700132195";

function thumbprint(der: Uint8Array): string {
  return createHash("sha1").update(der).digest("hex").toUpperCase();
}

function loadCert(ssl: OpenSsl, pem: string, key: string | null, md: FakeCert["md"]): FakeCert {
  const der = new Uint8Array(ssl.run(["x509", "-in", pem, "-outform", "DER"]));
  return { der, thumbprint: thumbprint(der), pem, key, md };
}

export async function makeWorld(): Promise<World> {
  const ssl = gostOpenSsl();
  ssl.run(["genpkey", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:A", "-out", "ca.key"]);
  ssl.run([
    "req",
    "-x509",
    "-new",
    "-key",
    "ca.key",
    "-md_gost12_256",
    "-utf8",
    "-days",
    "30",
    "-subj",
    "/C=RU/O=Тест/CN=Тестовый УЦ",
    "-out",
    "ca.pem",
    "-addext",
    "basicConstraints=critical,CA:true",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  ssl.write(
    "user.ext",
    "keyUsage=critical,digitalSignature,nonRepudiation,keyEncipherment\n" +
      "extendedKeyUsage=clientAuth,emailProtection\ncertificatePolicies=1.2.643.100.113.1\n",
  );
  const issue = (name: string, algorithm: string, md: FakeCert["md"], subject: string, serial: string) => {
    ssl.run(["genpkey", "-algorithm", algorithm, "-pkeyopt", "paramset:A", "-out", `${name}.key`]);
    ssl.run(["req", "-new", "-key", `${name}.key`, `-${md}`, "-utf8", "-subj", subject, "-out", `${name}.csr`]);
    ssl.run([
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-md_gost12_256",
      "-days",
      "10",
      "-set_serial",
      serial,
      "-extfile",
      "user.ext",
      "-out",
      `${name}.pem`,
    ]);
    return loadCert(ssl, `${name}.pem`, `${name}.key`, md);
  };
  const user = issue("user", "gost2012_256", "md_gost12_256", USER_SUBJECT, "0x0123456789ABCDEF");
  const strong = issue("strong", "gost2012_512", "md_gost12_512", "/C=RU/CN=Петров Пётр/SN=Петров", "0x7E57");

  const keys = await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
  const old = await X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: "01",
      name: "CN=Expired Test, O=Old",
      notBefore: new Date("2019-01-01T00:00:00Z"),
      notAfter: new Date("2020-01-01T00:00:00Z"),
      keys,
      signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
    },
    webcrypto as unknown as Crypto,
  );
  ssl.write("expired.pem", old.toString("pem"));
  const expired = loadCert(ssl, "expired.pem", null, "md_gost12_256");

  return { ssl, ca: loadCert(ssl, "ca.pem", null, "md_gost12_256"), user, strong, expired };
}

export type Call =
  | { method: "about" | "listCertificates" | "listRoots" }
  | { method: "sign"; request: PageSignRequest }
  | { method: "signHash"; request: PageRawSignRequest }
  | { method: "generateKey"; request: PageKeyRequest }
  | { method: "createRequest"; request: PageCsrRequest }
  | { method: "installCertificate"; der: Uint8Array };

/** CsrSubject field → OID, for `openssl req -subj`. */
const FIELD_OIDS = new Map(Object.entries(ATTRIBUTE_TYPES).flatMap(([oid, t]) => (t.field ? [[t.field, oid] as const] : [])));

export class FakeBackend implements PageBackend {
  readonly calls: Call[] = [];
  readonly installed: Uint8Array[] = [];
  #failure: PageError | null = null;
  #documents: Uint8Array[] = [];
  #keys = new Map<string, { file: string; algorithm: PageKeyRequest["algorithm"] }>();

  constructor(
    private readonly world: World,
    private readonly certs: FakeCert[] = [world.user, world.strong, world.ca, world.expired],
  ) {}

  /** The next backend call rejects with this error. */
  failNext(error: PageError): void {
    this.#failure = error;
  }

  /**
   * A digest-only sign() (SignHash) is answered by signing, detached, a document the test
   * registered whose digest matches: openssl cannot sign a bare digest into a CMS, and the
   * resulting CMS is the one a digest-signing token would produce.
   */
  registerDocument(content: Uint8Array): void {
    this.#documents.push(content);
  }

  #enter(call: Call): void {
    this.calls.push(call);
    const failure = this.#failure;
    this.#failure = null;
    if (failure) throw failure;
  }

  async about(): Promise<PageAbout> {
    this.#enter({ method: "about" });
    return { pluginVersion: "2.0.15400", cspVersion: "5.0.13000", cspName: "kep-bridge (PKCS#11)" };
  }

  /** The Root store: the world's CA certificate. */
  async listRoots(): Promise<PageCertificate[]> {
    this.#enter({ method: "listRoots" });
    return [{ der: this.world.ca.der, thumbprint: this.world.ca.thumbprint, hasPrivateKey: false, container: "" }];
  }

  async listCertificates(): Promise<PageCertificate[]> {
    this.#enter({ method: "listCertificates" });
    return this.certs.map((c) => ({
      der: c.der,
      thumbprint: c.thumbprint,
      hasPrivateKey: c.key !== null,
      container: `Rutoken ECP ${c.thumbprint.slice(0, 4)}`,
    }));
  }

  async sign(request: PageSignRequest): Promise<Uint8Array> {
    this.#enter({ method: "sign", request });
    const cert = this.certs.find((c) => c.thumbprint === request.thumbprint);
    if (!cert?.key) throw new Error(`fake: no key for ${request.thumbprint}`);
    const { ssl } = this.world;
    let content = request.content;
    if (request.digest) {
      const hash = cert.md === "md_gost12_512" ? streebog512 : streebog256;
      const want = toHex(request.digest);
      content = this.#documents.find((d) => toHex(hash(d)) === want);
      if (!content) throw new Error("fake: SignHash digest of an unregistered document");
    }
    if (!content) throw new Error("fake: nothing to sign");
    const input = ssl.write("to-sign.bin", content);
    return new Uint8Array(
      ssl.run([
        "cms",
        "-sign",
        "-binary",
        "-cades",
        "-md",
        cert.md,
        "-nosmimecap",
        "-outform",
        "DER",
        "-signer",
        cert.pem,
        "-inkey",
        cert.key,
        "-in",
        input,
        ...(request.detached ? [] : ["-nodetach"]),
      ]),
    );
  }

  /** What the token returns for a raw signature: OpenSSL's GOST signature of the digest, s‖r as the token makes it. */
  async signHash(request: PageRawSignRequest): Promise<Uint8Array> {
    this.#enter({ method: "signHash", request });
    const cert = this.certs.find((c) => c.thumbprint === request.thumbprint);
    if (!cert?.key) throw new Error(`fake: no key for ${request.thumbprint}`);
    const { ssl } = this.world;
    return new Uint8Array(ssl.run(["pkeyutl", "-sign", "-inkey", cert.key, "-in", ssl.write("raw-hash.bin", request.digest)]));
  }

  async generateKey(request: PageKeyRequest): Promise<PageKey> {
    this.#enter({ method: "generateKey", request });
    const keyRef = `key-${this.#keys.size + 1}`;
    const file = `${keyRef}.key`;
    const algorithm = request.algorithm === "gost2012-512" ? "gost2012_512" : "gost2012_256";
    this.world.ssl.run(["genpkey", "-algorithm", algorithm, "-pkeyopt", "paramset:A", "-out", file]);
    this.#keys.set(keyRef, { file, algorithm: request.algorithm });
    return { keyRef, algorithm: request.algorithm, paramSet: "1.2.643.7.1.2.1.1.1", publicKey: new Uint8Array(64) };
  }

  async createRequest(request: PageCsrRequest): Promise<Uint8Array> {
    this.#enter({ method: "createRequest", request });
    const key = this.#keys.get(request.keyRef);
    if (!key) throw new Error(`fake: unknown key ${request.keyRef}`);
    const subject = Object.entries(request.subject)
      .map(([field, value]) => `/${FIELD_OIDS.get(field as never) ?? field}=${value.replace(/[/\\]/g, "\\$&")}`)
      .join("");
    const md = key.algorithm === "gost2012-512" ? "-md_gost12_512" : "-md_gost12_256";
    return new Uint8Array(this.world.ssl.run(["req", "-new", "-key", key.file, md, "-utf8", "-subj", subject, "-outform", "DER"]));
  }

  async installCertificate(der: Uint8Array): Promise<void> {
    this.#enter({ method: "installCertificate", der });
    this.installed.push(der);
  }
}
