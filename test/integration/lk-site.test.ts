/**
 * The LK IP test site without a browser: pages and texts over HTTPS, the page scripts' contract
 * (only window.cadesplugin), and the reissue API driven with OpenSSL-made GOST artifacts —
 * signatures, requests, issuance in the FNS profile, refusals, revocation, the status table.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pkcs11js from "pkcs11js";
import { chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGostCa } from "../fixtures/gost-ca.ts";
import { APPLICANT, fullName, opensslSubject } from "../fixtures/lk-site/applicant.ts";
import { fnsEndFor } from "../fixtures/lk-site/ca.ts";
import { prepareTokenWithOldCertificate } from "../fixtures/lk-site/prepare-token.ts";
import { startLkSite, type LkSite } from "../fixtures/lk-site/server.ts";
import { createStubBackend } from "../fixtures/lk-site/stub-plugin/backend.ts";
import { fill, PUBLIC_DIR, TEXTS, type Stage } from "../fixtures/lk-site/texts.ts";
import { innPerson } from "../softtoken/provision/checkdigits.ts";
import { openssl, type OpenSsl } from "../softtoken/provision/openssl.ts";
import { findObjects, openModule, slotHandle, userSession } from "../softtoken/provision/token.ts";

const PROCESSING_MS = 400;
const SEEDS_DIR = "/work/shared/seeds";
const CHROMIUM = process.env["KEP_CHROMIUM"] ?? "/usr/bin/chromium";
const STUB_PAGE_SCRIPT = join(PUBLIC_DIR, "..", "stub-plugin", "page.js");

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** HTTPS to the site as lkip2.nalog.ru; the self-signed certificate is accepted here only. */
function call(site: LkSite, method: string, path: string, body?: unknown): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(
      {
        host: "127.0.0.1",
        port: site.port,
        servername: "lkip2.nalog.ru",
        path,
        method,
        rejectUnauthorized: false,
        headers: { host: "lkip2.nalog.ru", ...(payload ? { "content-type": "application/json" } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

interface AppView {
  id: string;
  stage: Stage;
  status: string;
  action: { label: string; step: number } | null;
  oldCertificateSerial: string;
  sent: { kind: string; url: string; fileName: string }[];
  received: { kind: string; url: string; fileName: string }[];
  newCertificate: { serial: string; thumbprint: string; notBefore: string; notAfter: string; base64: string } | null;
}

const json = <T>(r: Reply) => JSON.parse(r.body.toString("utf8")) as T;

async function waitForStage(site: LkSite, id: string, stage: Stage): Promise<AppView> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const app = json<AppView>(await call(site, "GET", `/api/applications/${id}`));
    if (app.stage === stage) return app;
    if (Date.now() > deadline) throw new Error(`application ${id} stuck at ${app.stage}, wanted ${stage}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The user's side, done with OpenSSL: GOST keys, requests and attached CAdES-BES signatures. */
function userTools(ssl: OpenSsl) {
  const file = (name: string) => join(ssl.dir, name);
  return {
    file,
    newKey(name: string) {
      ssl.run(["genpkey", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:XA", "-out", name]);
    },
    csr(key: string, subject = opensslSubject(APPLICANT)): Buffer {
      return ssl.run(["req", "-new", "-utf8", "-key", key, "-subj", subject, "-outform", "DER"]);
    },
    csrPem(key: string, subject = opensslSubject(APPLICANT)): string {
      return ssl.run(["req", "-new", "-utf8", "-key", key, "-subj", subject]).toString("utf8");
    },
    sign(content: Buffer, certPem: string, key: string): Buffer {
      writeFileSync(file("doc.bin"), content);
      writeFileSync(file("signer.pem"), certPem);
      return ssl.run([
        "cms",
        "-sign",
        "-cades",
        "-binary",
        "-nodetach",
        "-nosmimecap",
        "-in",
        "doc.bin",
        "-signer",
        "signer.pem",
        "-inkey",
        key,
        "-outform",
        "DER",
      ]);
    },
  };
}

const documentText = (kind: "application" | "receipt" | "revocation", serial: string) =>
  fill(TEXTS.templates[kind], {
    title: TEXTS.documents[kind],
    fio: fullName(APPLICANT),
    inn: APPLICANT.inn,
    snils: APPLICANT.snils,
    ogrnip: APPLICANT.ogrnip,
    email: APPLICANT.email,
    serial,
    date: "23.11.2026",
  });

/** DER UTF8String (short form: the sign tool names fit in 127 bytes). */
function utf8StringDer(text: string): Buffer {
  const bytes = Buffer.from(text, "utf8");
  return Buffer.concat([Buffer.from([0x0c, bytes.length]), bytes]);
}

/** Flips one byte of the signed text inside the CMS, so the message digest no longer matches. */
function tamper(cms: Buffer, needle: string): Buffer {
  const copy = Buffer.from(cms);
  const at = copy.indexOf(Buffer.from(needle, "utf8"));
  if (at < 0) throw new Error("needle not in CMS");
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

describe("LK IP test site", () => {
  let site: LkSite;
  let ssl: OpenSsl;
  let user: ReturnType<typeof userTools>;
  let work: string;

  beforeAll(async () => {
    site = await startLkSite({ delays: { processingMs: PROCESSING_MS } });
    work = mkdtempSync(join(tmpdir(), "kep-lk-test-"));
    ssl = openssl(work);
    user = userTools(ssl);
  });
  afterAll(async () => {
    await site?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe("pages", () => {
    const pages = ["index", "reissue", "state", "wizard"];

    it("serves every page over HTTPS as lkip2.nalog.ru, in Russian, with local module scripts only", async () => {
      expect(site.url).toBe("https://lkip2.nalog.ru");
      expect(site.chromiumArgs).toEqual([`--host-resolver-rules=MAP lkip2.nalog.ru 127.0.0.1:${site.port}`, "--ignore-certificate-errors"]);
      const root = await call(site, "GET", "/");
      expect(root.status).toBe(302);
      expect(root.headers.location).toBe("/lk/index.html");
      for (const page of pages) {
        const r = await call(site, "GET", `/lk/${page}.html`);
        expect(r.status).toBe(200);
        expect(r.headers["content-type"]).toMatch(/text\/html/);
        const html = r.body.toString("utf8");
        expect(html).toContain('<html lang="ru">');
        expect(html).toContain(TEXTS.banner);
        expect([...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1])).toEqual([`js/${page}.js`]);
        expect((await call(site, "GET", `/lk/js/${page}.js`)).status).toBe(200);
      }
      expect((await call(site, "GET", "/lk/../server.ts")).status).toBe(404);
      expect((await call(site, "GET", "/lk/missing.html")).status).toBe(404);
    });

    it("serves the texts file with the seeds' steps, columns, buttons and success message", async () => {
      const served = json<typeof TEXTS>(await call(site, "GET", "/lk/texts.json"));
      expect(served).toEqual(TEXTS);
      expect(served.banner).toBe("Тестовый стенд kep-bridge — не сайт ФНС");
      expect(served.wizard.steps).toEqual([
        "Шаг 1 – Запрос на изготовление сертификата ЭП",
        "Шаг 2 – Обработка запроса",
        "Шаг 3 – Получение сертификата ЭП",
        "Шаг 4 – Отзыв ранее выданного сертификата ЭП",
        "Шаг 5 – Установка сертификата ЭП на носитель",
      ]);
      expect(served.state.columns).toEqual(["Заявление", "Комментарии", "Действие", "Полученные ответы"]);
      expect(served.wizard.success).toBe("Сертификат ЭП успешно установлен на носитель ключевой информации");
      expect(served.home.reissueLink).toBe("Перевыпустить сертификат электронной подписи");
      expect(served.buttons.signAndSend).toBe("Подписать и отправить");
      expect(served.cadesCancelHresult).toBe("0x8010006E");
    });

    it.skipIf(!existsSync(SEEDS_DIR))("takes those texts verbatim from the seeds", () => {
      const seeds = readdirSync(SEEDS_DIR)
        .map((f) => readFileSync(join(SEEDS_DIR, f), "utf8"))
        .join("\n");
      const verbatim = [
        TEXTS.home.reissueLink,
        TEXTS.home.stateLink,
        TEXTS.home.services,
        TEXTS.application.title,
        TEXTS.application.step1,
        TEXTS.application.step2,
        TEXTS.application.step2Hint,
        TEXTS.application.step3,
        TEXTS.application.step3Hint,
        TEXTS.application.important,
        TEXTS.state.title,
        ...TEXTS.state.columns,
        ...Object.values(TEXTS.actions),
        TEXTS.buttons.signAndSend,
        TEXTS.buttons.generate,
        TEXTS.buttons.view,
        TEXTS.buttons.writeToToken,
        ...TEXTS.wizard.steps,
        TEXTS.wizard.success,
        TEXTS.wizard.afterSuccess,
        ...TEXTS.wizard.step5Checks,
        TEXTS.documents.notice,
        TEXTS.documents.receipt,
      ];
      for (const text of verbatim) expect(seeds, text).toContain(text);
    });

    it("page scripts reach the signing plug-in only through window.cadesplugin", async () => {
      const scripts = readdirSync(join(PUBLIC_DIR, "js")).filter((f) => f.endsWith(".js"));
      expect(scripts.sort()).toEqual(["absolute.js", "common.js", "index.js", "picker.js", "plugin.js", "reissue.js", "state.js", "wizard.js"]);
      const members = new Set<string>();
      const progIds = new Set<string>();
      for (const name of scripts) {
        const served = await call(site, "GET", `/lk/js/${name}`);
        const source = served.body.toString("utf8");
        expect(source).toBe(readFileSync(join(PUBLIC_DIR, "js", name), "utf8"));
        const windowGlobals = new Set([...source.matchAll(/\bwindow\.(\w+)/g)].map((m) => m[1]));
        expect([...windowGlobals], name).toEqual(name === "plugin.js" ? ["cadesplugin"] : []);
        expect(source, name).not.toMatch(/\b(chrome|browser|globalThis|self|cpcsp_chrome_nmcades|rutoken|kepBridge|postMessage|CreateObject)\b/);
        if (name !== "plugin.js") expect(source, name).not.toContain("cadesplugin");
        for (const m of source.matchAll(/\bcadesplugin\.(\w+)/g)) members.add(m[1] ?? "");
        for (const m of source.matchAll(/CreateObjectAsync\("([^"]+)"\)/g)) progIds.add(m[1] ?? "");
      }
      expect([...members].sort()).toEqual([
        "CADESCOM_AllowUntrustedRoot",
        "CADESCOM_BASE64_TO_BINARY",
        "CADESCOM_CADES_BES",
        "CAPICOM_CERTIFICATE_FIND_SHA1_HASH",
        "CAPICOM_CERTIFICATE_INCLUDE_END_ENTITY_ONLY",
        "CAPICOM_CURRENT_USER_STORE",
        "CAPICOM_MY_STORE",
        "CAPICOM_STORE_OPEN_MAXIMUM_ALLOWED",
        "CreateObjectAsync",
        "async_spawn",
        "getLastError",
      ]);
      expect([...progIds].sort()).toEqual([
        "CAdESCOM.CPSigner",
        "CAdESCOM.CadesSignedData",
        "CAdESCOM.Store",
        "X509Enrollment.CObjectId",
        "X509Enrollment.CObjectIds",
        "X509Enrollment.CX500DistinguishedName",
        "X509Enrollment.CX509CertificateRequestPkcs10",
        "X509Enrollment.CX509Enrollment",
        "X509Enrollment.CX509Extension",
        "X509Enrollment.CX509ExtensionEnhancedKeyUsage",
        "X509Enrollment.CX509ExtensionKeyUsage",
        "X509Enrollment.CX509PrivateKey",
      ]);
    });

    it("serves the TEST CA certificate and its CRL", async () => {
      const cer = await call(site, "GET", "/ca/test-ca.cer");
      expect(cer.body.equals(site.ca.der)).toBe(true);
      const subject = ssl.run(["x509", "-inform", "DER", "-noout", "-subject", "-nameopt", "utf8,-esc_msb"], cer.body).toString("utf8");
      expect(subject).toContain("Тестовый УЦ ФНС России kep-bridge TEST");
      const crl = await call(site, "GET", "/ca/test-ca.crl");
      expect(ssl.run(["crl", "-inform", "DER", "-noout", "-text"], crl.body).toString()).toContain("Certificate Revocation List");
    });
  });

  describe("reissue through the API", () => {
    let old: { serial: string; pem: string; notBefore: string; notAfter: string };
    let app: AppView;
    const other = () => createGostCa();

    it("issues the old certificate: FNS profile, in person, expiring in 20 days", () => {
      user.newKey("old.key");
      old = site.issueOldCertificate(user.csrPem("old.key"), { daysLeft: 20 });
      const left = (Date.parse(old.notAfter) - Date.now()) / 86_400_000;
      expect(left).toBeGreaterThan(19.99);
      expect(left).toBeLessThanOrEqual(20);
      expect(Date.parse(old.notAfter)).toBe(fnsEndFor(new Date(old.notBefore)).getTime());
      expect(site.state.issued).toContainEqual(expect.objectContaining({ serial: old.serial, purpose: "old" }));
      writeFileSync(user.file("old.pem"), old.pem);
      ssl.run(["verify", "-CAfile", join(site.ca.dir, "ca.pem"), "old.pem"]);
    });

    it("refuses an application whose signed text was altered", async () => {
      const cms = user.sign(Buffer.from(documentText("application", old.serial)), old.pem, "old.key");
      const r = await call(site, "POST", "/api/applications", { signature: tamper(cms, APPLICANT.inn).toString("base64") });
      expect(r.status).toBe(400);
      expect(json<{ error: string }>(r).error).toMatch(/CMS does not verify/);
      expect(site.state.applications).toHaveLength(0);
      expect(site.state.verifications.at(-1)).toMatchObject({ kind: "application", ok: false });
    });

    it("refuses an application signed under another CA, or one that lacks the applicant's data", async () => {
      const foreignCa = other();
      user.newKey("foreign.key");
      const foreignCert = foreignCa.issue(user.csrPem("foreign.key")).toString("base64");
      const foreignPem = `-----BEGIN CERTIFICATE-----\n${foreignCert.match(/.{1,64}/g)?.join("\n")}\n-----END CERTIFICATE-----\n`;
      const foreign = user.sign(Buffer.from(documentText("application", "1")), foreignPem, "foreign.key");
      const r1 = await call(site, "POST", "/api/applications", { signature: foreign.toString("base64") });
      expect(r1.status).toBe(400);
      expect(json<{ error: string }>(r1).error).toMatch(/CMS does not verify.*certificate verify error/s);

      const bare = user.sign(Buffer.from("Просто текст без реквизитов"), old.pem, "old.key");
      const r2 = await call(site, "POST", "/api/applications", { signature: bare.toString("base64") });
      expect(r2.status).toBe(400);
      expect(json<{ error: string }>(r2).error).toMatch(/signed document lacks/);

      const r3 = await call(site, "POST", "/api/applications", { nothing: 1 });
      expect(r3.status).toBe(400);
      expect(site.state.applications).toHaveLength(0);
    });

    it("accepts the application signed with the current certificate; it is approved after the delay", async () => {
      const cms = user.sign(Buffer.from(documentText("application", old.serial)), old.pem, "old.key");
      const r = await call(site, "POST", "/api/applications", { signature: cms.toString("base64") });
      expect(r.status).toBe(201);
      app = json<AppView>(r);
      expect(app).toMatchObject({ stage: "application-sent", status: TEXTS.statuses["application-sent"], action: null, oldCertificateSerial: old.serial });
      expect(app.sent.map((d) => d.kind)).toEqual(["application"]);
      const download = await call(site, "GET", app.sent[0]?.url ?? "");
      expect(download.body.equals(cms)).toBe(true);
      expect(download.headers["content-disposition"]).toContain(app.sent[0]?.fileName);

      const busy = await call(site, "POST", "/api/applications", { signature: cms.toString("base64") });
      expect(busy.status).toBe(409);

      const early = await call(site, "POST", `/api/applications/${app.id}/request`, { request: "AAAA", signature: "AAAA" });
      expect(early.status).toBe(409);

      app = await waitForStage(site, app.id, "application-approved");
      expect(app.action).toEqual({ label: "Запрос на изготовление сертификата ЭП", step: 1 });
      const table = json<AppView[]>(await call(site, "GET", "/api/applications"));
      expect(table.map((a) => [a.id, a.status])).toEqual([[app.id, TEXTS.statuses["application-approved"]]]);
    });

    it("refuses a request with a broken self-signature, a foreign subject, or a signature over something else", async () => {
      user.newKey("new.key");
      const good = user.csr("new.key");
      const broken = Buffer.from(good);
      broken[broken.length - 1] = (broken[broken.length - 1] ?? 0) ^ 0xff;
      const post = (request: Buffer, signed: Buffer) =>
        call(site, "POST", `/api/applications/${app.id}/request`, {
          request: request.toString("base64"),
          signature: user.sign(signed, old.pem, "old.key").toString("base64"),
        });
      const r1 = await post(broken, broken);
      expect(r1.status).toBe(400);
      expect(json<{ error: string }>(r1).error).toMatch(/request does not verify/);

      const stranger = user.csr("new.key", opensslSubject({ ...APPLICANT, inn: innPerson("7700000009") }));
      const r2 = await post(stranger, stranger);
      expect(r2.status).toBe(400);
      expect(json<{ error: string }>(r2).error).toMatch(/request subject is not the applicant's: 1\.2\.643\.3\.131\.1\.1/);

      const r3 = await post(good, Buffer.from("что-то другое"));
      expect(r3.status).toBe(400);
      expect(json<{ error: string }>(r3).error).toMatch(/not over this request/);
      expect((await waitForStage(site, app.id, "application-approved")).stage).toBe("application-approved");
    });

    it("accepts the request (base64 with line breaks, as CreateRequest gives it) and issues in the FNS profile", async () => {
      const csr = user.csr("new.key");
      const wrapped = csr.toString("base64").replace(/.{64}/g, "$&\r\n");
      const r = await call(site, "POST", `/api/applications/${app.id}/request`, {
        request: wrapped,
        signature: user.sign(csr, old.pem, "old.key").toString("base64"),
      });
      expect(r.status).toBe(200);
      expect(json<AppView>(r)).toMatchObject({ stage: "request-sent", action: null, newCertificate: null });

      app = await waitForStage(site, app.id, "certificate-issued");
      expect(app.action).toEqual({ label: "Получить сертификат ЭП", step: 3 });
      expect(app.received.map((d) => d.kind)).toEqual(["notice", "certificate"]);
      const issued = app.newCertificate;
      if (!issued) throw new Error("no certificate");
      const der = Buffer.from(issued.base64, "base64");
      expect((await call(site, "GET", app.received[1]?.url ?? "")).body.equals(der)).toBe(true);
      const notice = (await call(site, "GET", app.received[0]?.url ?? "")).body.toString("utf8");
      expect(notice).toContain(TEXTS.documents.notice);

      const text = ssl.run(["x509", "-inform", "DER", "-noout", "-text", "-nameopt", "utf8,-esc_msb"], der).toString("utf8");
      const notBefore = new Date(issued.notBefore);
      const notAfter = new Date(issued.notAfter);
      const expectedEnd = new Date(notBefore);
      expectedEnd.setUTCMonth(expectedEnd.getUTCMonth() + 15);
      expectedEnd.setUTCMinutes(expectedEnd.getUTCMinutes() + 10);
      expect(notAfter.getTime()).toBe(expectedEnd.getTime());
      expect(Math.abs(notBefore.getTime() - Date.now())).toBeLessThan(60_000);
      expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation, Key Encipherment, Data Encipherment/);
      expect(text).toMatch(/Extended Key Usage:\s+TLS Web Client Authentication, E-mail Protection/);
      expect(text).toMatch(/Policy: Class of Signing Tool KC1\s+Policy: Class of Signing Tool KC2/);
      expect(text).toContain("Signing Tool of Subject");
      expect(text).toContain('signTool    : ПАК "КриптоПро CSP" (версия 5.0) TEST');
      expect(text).toContain("1.2.643.100.114");
      expect(text).toContain("CA:FALSE");
      expect(text).toMatch(/Issuer: CN=Тестовый УЦ ФНС России kep-bridge TEST, O=Федеральная налоговая служба \(TEST\)/);
      for (const value of [fullName(APPLICANT), `INN=${APPLICANT.inn}`, `SNILS=${APPLICANT.snils}`, `OGRNIP=${APPLICANT.ogrnip}`]) {
        expect(text).toContain(value);
      }
      // IdentificationKind 1: issued remotely on the strength of a valid qualified signature.
      const ext = ssl.run(["asn1parse", "-inform", "DER"], der).toString();
      expect(ext).toMatch(/:1\.2\.643\.100\.114\s*\n.*OCTET STRING\s+\[HEX DUMP\]:020101/);
      writeFileSync(user.file("new.pem"), ssl.run(["x509", "-inform", "DER"], der));
      ssl.run(["verify", "-CAfile", join(site.ca.dir, "ca.pem"), "new.pem"]);
      expect(site.state.issued.filter((c) => c.purpose === "reissue")).toHaveLength(1);
    });

    it("accepts the receipt only when signed with the current (old) certificate", async () => {
      const serial = app.newCertificate?.serial ?? "";
      const text = Buffer.from(documentText("receipt", serial));
      const withNew = user.sign(text, readFileSync(user.file("new.pem"), "utf8"), "new.key");
      const r1 = await call(site, "POST", `/api/applications/${app.id}/receipt`, { signature: withNew.toString("base64") });
      expect(r1.status).toBe(400);
      expect(json<{ error: string }>(r1).error).toMatch(/not with the current certificate/);

      const wrongSerial = user.sign(Buffer.from(documentText("receipt", "0BADC0DE")), old.pem, "old.key");
      expect((await call(site, "POST", `/api/applications/${app.id}/receipt`, { signature: wrongSerial.toString("base64") })).status).toBe(400);

      const r2 = await call(site, "POST", `/api/applications/${app.id}/receipt`, { signature: user.sign(text, old.pem, "old.key").toString("base64") });
      expect(r2.status).toBe(200);
      app = json<AppView>(r2);
      expect(app.stage).toBe("receipt-sent");
      expect(app.action).toEqual({ label: "Отозвать старый сертификат ЭП", step: 4 });
    });

    it("revokes the old certificate on a signed application and lists it in the CRL", async () => {
      const r = await call(site, "POST", `/api/applications/${app.id}/revocation`, {
        signature: user.sign(Buffer.from(documentText("revocation", old.serial)), old.pem, "old.key").toString("base64"),
      });
      expect(r.status).toBe(200);
      app = json<AppView>(r);
      expect(app.stage).toBe("old-revoked");
      expect(app.action).toEqual({ label: "Получение и установка сертификата ЭП на носитель", step: 5 });
      expect(site.state.revocations).toEqual([
        expect.objectContaining({ serial: old.serial, applicationId: app.id, reason: "superseded", signerSerial: old.serial }),
      ]);
      const crl = ssl.run(["crl", "-inform", "DER", "-noout", "-text"], (await call(site, "GET", "/ca/test-ca.crl")).body).toString();
      expect(crl).toContain(`Serial Number: ${old.serial}`);
      expect(crl).toContain("Superseded");
    });

    it("records the installation of exactly the issued certificate", async () => {
      const r1 = await call(site, "POST", `/api/applications/${app.id}/installed`, { thumbprint: "00".repeat(20) });
      expect(r1.status).toBe(400);
      const r2 = await call(site, "POST", `/api/applications/${app.id}/installed`, { thumbprint: app.newCertificate?.thumbprint.toLowerCase() });
      expect(r2.status).toBe(200);
      app = json<AppView>(r2);
      expect(app).toMatchObject({ stage: "installed", status: TEXTS.wizard.success, action: null });
      expect(app.sent.map((d) => d.kind)).toEqual(["application", "request", "receipt", "revocation"]);
    });

    it("keeps a verification log for tests: every acceptance and refusal", () => {
      const log = site.state.verifications.map((v) => `${v.kind}:${v.ok ? "ok" : "refused"}`);
      expect(log.filter((l) => l.endsWith("refused"))).toEqual([
        ...Array<string>(3).fill("application:refused"),
        ...Array<string>(3).fill("request:refused"),
        ...Array<string>(2).fill("receipt:refused"),
        "installed:refused",
      ]);
      for (const kind of ["application", "request", "receipt", "revocation", "installed"]) expect(log).toContain(`${kind}:ok`);
      expect(site.state.verifications.find((v) => v.kind === "application" && v.ok)?.detail).toMatch(/CAdES Verification successful|Verification successful/);
    });
  });

  it("keeps its CA and state in a data directory across restarts", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "kep-lk-data-"));
    try {
      const first = await startLkSite({ dataDir, delays: { processingMs: 0 } });
      user.newKey("persist.key");
      const issued = first.issueOldCertificate(user.csrPem("persist.key"), { daysLeft: 5 });
      const caPem = first.ca.pem;
      await first.close();
      const second = await startLkSite({ dataDir, delays: { processingMs: 0 } });
      try {
        expect(second.ca.pem).toBe(caPem);
        expect(second.state.issued.map((c) => c.serial)).toEqual([issued.serial]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/*
 * The pages themselves, in Chromium, against a stub of the plug-in (stub-plugin/): proves the
 * page scripts drive the whole wizard with only the cadesplugin async API, before the extension
 * provides the real one.
 */
describe.skipIf(!existsSync(CHROMIUM))("LK IP test site pages in Chromium (stub plug-in)", () => {
  it("run the whole reissue, show a cancel with its HRESULT and let the user retry", async () => {
    // Long enough for the page to catch the request while it is processed.
    const site = await startLkSite({ delays: { processingMs: 1500 } });
    const backend = createStubBackend(site);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--headless=new", ...site.chromiumArgs] });
    try {
      const old = backend.addOldCertificate(20);
      const page: Page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on("pageerror", (e) => pageErrors.push(String(e)));
      page.on("console", (m) => {
        if (m.type() === "error") pageErrors.push(m.text());
      });
      await page.exposeFunction("kepLkStubBackend", (op: string, args: unknown[]) => backend.handle(op, args));
      await page.addInitScript({ path: STUB_PAGE_SCRIPT });
      const signAndSend = async () => {
        await page.waitForSelector(`[data-picker=certificate] option[value="${old.thumbprint}"]`, { state: "attached" });
        await page.click("[data-action=sign-and-send]");
      };

      await page.goto(`${site.url}/lk/index.html`);
      await page.click("[data-link=reissue]");
      backend.cancelNext("sign");
      await signAndSend();
      await page.waitForSelector("[data-error=cancelled]");
      expect(await page.textContent("[data-error=cancelled]")).toBe("Операция отменена пользователем (0x8010006E)");
      await page.click("[data-action=retry]");
      await page.waitForURL(/\/lk\/state\.html$/);
      expect(await page.textContent("table[data-table=applications] thead")).toBe("ЗаявлениеКомментарииДействиеПолученные ответы");

      await page.click("[data-action=step-1]", { timeout: 10_000 });
      await page.click("[data-action=generate]");
      await page.waitForSelector("[data-state=request-ready]", { state: "visible" });
      await signAndSend();
      await page.waitForURL(/\/lk\/state\.html$/);
      // While the request is processed, its status leads to step 2, which offers step 3 once issued.
      await page.click("td[data-column=status] a");
      await page.waitForURL(/step=2$/);
      expect(await page.textContent("section[data-step='2'] h2")).toBe("Шаг 2 – Обработка запроса");

      await page.click("[data-action=step-3]", { timeout: 10_000 });
      await signAndSend();
      await page.waitForURL(/\/lk\/state\.html$/);

      await page.click("[data-action=step-4]");
      await signAndSend();
      await page.waitForURL(/step=5$/);
      backend.cancelNext("installResponse");
      await page.click("[data-action=write-to-token]");
      await page.waitForSelector("[data-error=cancelled]");
      await page.click("[data-action=retry]");
      await page.waitForSelector("[data-state=success]");
      expect(await page.textContent("[data-state=success]")).toBe("Сертификат ЭП успешно установлен на носитель ключевой информации");

      const app = site.state.applications[0];
      expect(app?.stage).toBe("installed");
      expect(site.state.revocations.map((r) => r.serial)).toEqual([old.serial]);
      expect(site.state.verifications.every((v) => v.ok)).toBe(true);
      expect(backend.requests).toEqual([
        {
          encoding: 1,
          subject:
            `CN=${fullName(APPLICANT)}, SN=${APPLICANT.surname}, G=${APPLICANT.givenNames}, C=RU, S=${APPLICANT.region}, ` +
            `L=${APPLICANT.locality}, E=${APPLICANT.email}, 1.2.643.3.131.1.1=${APPLICANT.inn}, 1.2.643.100.3=${APPLICANT.snils}, ` +
            `1.2.643.100.5=${APPLICANT.ogrnip}`,
          key: { ProviderName: "Crypto-Pro GOST R 34.10-2012 Cryptographic Service Provider", ProviderType: 80, KeySpec: 1, ExportPolicy: 0 },
          extensions: [
            { keyUsage: 0xf0 },
            { extendedKeyUsage: ["1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4"] },
            { oid: "1.2.643.100.111", encoding: 1, value: utf8StringDer('"КриптоПро CSP" (версия 5.0)').toString("base64") },
          ],
        },
      ]);
      // The cancelled attempt never reached the token; the retry did.
      expect(backend.installs).toEqual([{ flags: 4, encoding: 6, password: "" }]);
      const installed = backend.certificates.find((c) => c.serial === app?.newCertificateSerial);
      expect(installed?.hasPrivateKey).toBe(true);
      expect(pageErrors).toEqual([]);
    } finally {
      await browser.close();
      backend.close();
      await site.close();
    }
  });
});

/*
 * Last in the file: once the soft token module (linked against the system libcrypto) has been
 * loaded and unloaded in this process, Node segfaults in tls.createSecureContext, so no site or
 * HTTPS client context may be created after it. The site it uses is started first.
 */
describe("preparing a soft token for the e2e reissue", () => {
  let site: LkSite;
  beforeAll(async () => {
    site = await startLkSite({ delays: { processingMs: 0 } });
  });
  afterAll(async () => {
    await site?.close();
  });

  it("prepares a soft token with the old certificate and its key under one CKA_ID", () => {
    const dir = mkdtempSync(join(tmpdir(), "kep-lk-token-"));
    try {
      const prepared = prepareTokenWithOldCertificate(dir, site, { daysLeft: 20 });
      expect(site.state.issued.map((c) => c.serial)).toContain(prepared.certificate.serial);
      const module = openModule(dir);
      try {
        const session = userSession(module.p, slotHandle(module.p, 0), prepared.pins.pin);
        const id = Buffer.from(prepared.id, "hex");
        const count = (cls: number) =>
          findObjects(module.p, session, [
            { type: pkcs11js.CKA_CLASS, value: cls },
            { type: pkcs11js.CKA_ID, value: id },
          ]).length;
        expect(count(pkcs11js.CKO_CERTIFICATE)).toBe(1);
        expect(count(pkcs11js.CKO_PRIVATE_KEY)).toBe(1);
        expect(count(pkcs11js.CKO_PUBLIC_KEY)).toBe(1);
      } finally {
        module.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
