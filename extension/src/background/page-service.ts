import browser from "webextension-polyfill";
import { attachContent } from "../../../shared/pkix/cms-attach.ts";
import { documentDigest, signingAlgorithmOf } from "../../../shared/cms/document-digest.ts";
import { fromBase64, fromHex, toBase64, toHex } from "../../../shared/encoding.ts";
import { CERTIFICATE_CATEGORY, KepError, type ErrorInfo, type ResultOf, type TokenInfo, type TokenRef } from "../../../shared/protocol/index.ts";
import { certificateParts, parseCertificate } from "../../../shared/x509/index.ts";
import { certificateThumbprint } from "../../../shared/x509/thumbprint.ts";
import type { ConsentDetails } from "../messaging/consent.ts";
import type { PageAbout, PageCertificate, PageCsrRequest, PageKey, PageKeyRequest, PageRawSignRequest, PageSignRequest } from "../page-api/backend.ts";
import { requestConsent } from "./consent.ts";
import type { CallerOrigin } from "./gateway-origin.ts";
import { documentPreview } from "./document-preview.ts";
import { recordEvent } from "./journal-recorder.ts";
import { host } from "./host.ts";
import { listTrustedRoots } from "../storage/roots.ts";

/** The caller as the browser identified it, never as the page claims. */
export interface Caller {
  origin: string;
  tabId: number | undefined;
  /** The page is the running gateway's: its windows carry the GOST TLS mark. */
  gateway?: CallerOrigin["gateway"];
}

/** The confirmation window's GOST TLS mark for a page of the running gateway's origin. */
const gatewayMark = (caller: Caller): Pick<ConsentDetails, "gateway"> =>
  caller.gateway ? { gateway: caller.gateway.certificate ? { signedInWith: caller.gateway.certificate } : {} } : {};

interface Located {
  token: TokenInfo;
  ref: TokenRef;
  objects: ResultOf<"listObjects">;
}

const fail = (code: ErrorInfo["code"], message: string): KepError => new KepError(code, message);

/**
 * Tokens keep the issuing chain as certificates of the authority category; those belong in
 * "Root", not among the user's own certificates. Category 0 (unspecified) stays in "My":
 * many tools write user certificates that way.
 */
const isAuthority = (certificate: { category: number | null }): boolean => certificate.category === CERTIFICATE_CATEGORY.authority;

async function tokensWithObjects(): Promise<Located[]> {
  await host.handshake();
  const { tokens } = await host.call("listTokens", {});
  const located: Located[] = [];
  for (const token of tokens.filter((t) => t.initialized)) {
    const ref = { module: token.module, serial: token.serial };
    located.push({ token, ref, objects: await host.call("listObjects", { token: ref }) });
  }
  return located;
}

function certificateSummary(der: Uint8Array, thumbprint: string): NonNullable<ConsentDetails["certificate"]> {
  try {
    const info = parseCertificate(der);
    return { owner: info.owner, issuer: info.issuerName, notAfter: info.notAfter.toISOString(), thumbprint };
  } catch {
    return { owner: "?", issuer: "?", notAfter: "", thumbprint };
  }
}

const tokenSummary = (t: TokenInfo) => ({ label: t.label, serial: t.serial, model: t.model });

/**
 * The document's digest, computed once, here where its bytes are: the window shows it so the
 * user can compare it with the site's, and the host signs it without seeing the document.
 */
async function contentDigest(certificate: Uint8Array, thumbprint: string, content: Uint8Array): Promise<string> {
  const algorithm = signingAlgorithmOf(certificate);
  if (!algorithm) throw fail("BAD_REQUEST", `certificate ${thumbprint} has a key kep-bridge does not sign with`);
  return toHex(await documentDigest(algorithm, content));
}

/**
 * The PIN typed in this window logs the token in afresh (the host logs out first), so an
 * approval always carries a PIN the user just typed, never a login left from before.
 */
async function login(ref: TokenRef, pin: string | undefined): Promise<void> {
  if (!pin) throw fail("NOT_LOGGED_IN", "the PIN is asked for every operation a site starts");
  await host.call("login", { token: ref, pin });
}

/** Ends the login an operation of a page needed, so the next one asks for the PIN again. */
async function logout(ref: TokenRef): Promise<void> {
  await host.call("logout", { token: ref }).catch(() => undefined);
}

/**
 * Keys made for a page, by opaque reference; session storage survives the worker
 * restarting mid-wizard. A key signs one certificate request, with no window of its own:
 * the key's window was the consent, and the record is gone once the request is made.
 */
interface KeyRecord {
  ref: TokenRef;
  keyId: string;
  origin: string;
  /** The subject the key's window showed, which the request must then carry. */
  subject?: PageCsrRequest["subject"];
}
async function saveKey(keyRef: string, record: KeyRecord): Promise<void> {
  await browser.storage.session.set({ [`key:${keyRef}`]: record });
}
/** Taken in this worker's life; storage removal alone would let two concurrent requests both read it. */
const takenKeys = new Set<string>();
/** Takes the key's record out, so a second request with the same key finds nothing. */
async function takeKey(keyRef: string, caller: Caller): Promise<KeyRecord> {
  if (takenKeys.has(keyRef)) throw fail("KEY_NOT_FOUND", `the request of key ${keyRef} was already made`);
  takenKeys.add(keyRef);
  const record = (await browser.storage.session.get(`key:${keyRef}`))[`key:${keyRef}`] as KeyRecord | undefined;
  if (!record || record.origin !== caller.origin) throw fail("KEY_NOT_FOUND", `no key ${keyRef} for this site, or its request was already made`);
  await browser.storage.session.remove(`key:${keyRef}`);
  return record;
}

/**
 * The page API's backend, over the native host. Reading certificates needs no
 * confirmation; every signature, key generation and certificate write opens the
 * confirmation window, where the PIN is typed if the token is not logged in.
 */
export const pageService = {
  async about(): Promise<PageAbout> {
    const hello = await host.handshake();
    return { pluginVersion: "2.0.15400", cspVersion: "5.0.13000", cspName: `kep-bridge ${hello.host.version} (PKCS#11)` };
  },

  async listCertificates(): Promise<PageCertificate[]> {
    const certificates: PageCertificate[] = [];
    for (const { token, objects } of await tokensWithObjects()) {
      for (const cert of objects.certificates.filter((c) => !isAuthority(c))) {
        const pair = cert.key ? objects.keys.find((k) => k.id === cert.key?.id) : undefined;
        certificates.push({
          der: fromBase64(cert.der),
          thumbprint: cert.thumbprint,
          hasPrivateKey: pair !== undefined && pair.hasPrivateKey !== false,
          container: `${token.label || token.model} ${token.serial}`,
        });
      }
    }
    return certificates;
  },

  async listRoots(): Promise<PageCertificate[]> {
    const added = (await listTrustedRoots()).map((root) => ({ der: fromBase64(root.der), thumbprint: root.thumbprint, hasPrivateKey: false, container: "" }));
    const seen = new Set(added.map((root) => root.thumbprint));
    const onTokens = (await tokensWithObjects()).flatMap(({ objects }) =>
      objects.certificates
        .filter((c) => isAuthority(c) && !seen.has(c.thumbprint))
        .map((c) => ({ der: fromBase64(c.der), thumbprint: c.thumbprint, hasPrivateKey: false, container: "" })),
    );
    return [...added, ...onTokens];
  },

  async sign(request: PageSignRequest, caller: Caller): Promise<Uint8Array> {
    const located = (await tokensWithObjects()).find((l) => l.objects.certificates.some((c) => c.thumbprint === request.thumbprint));
    if (!located) throw fail("CERT_NOT_FOUND", `certificate ${request.thumbprint} is not on an inserted token`);
    const cert = located.objects.certificates.find((c) => c.thumbprint === request.thumbprint)!;
    const der = fromBase64(cert.der);
    const content = request.content ?? new Uint8Array();
    const digest = request.digest ? toHex(request.digest) : await contentDigest(der, request.thumbprint, content);
    let cms: Uint8Array | undefined;
    await requestConsent(
      {
        origin: caller.origin,
        ...gatewayMark(caller),
        operation: "sign",
        token: tokenSummary(located.token),
        certificate: certificateSummary(der, request.thumbprint),
        document: request.digest ? { size: 0, digest, digestOnly: true } : { size: content.length, digest, ...optional("preview", documentPreview(content)) },
      },
      caller.tabId,
      async (decision) => {
        await login(located.ref, decision.pin);
        try {
          const signed = fromBase64((await host.call("signDigest", { token: located.ref, certificate: request.thumbprint, digest })).cms);
          cms = request.digest || request.detached ? signed : attachContent(signed, content);
        } finally {
          await logout(located.ref);
        }
      },
    );
    return cms!;
  },

  /**
   * RawSignature.SignHash: the token signs the page's digest itself, with no signed
   * attributes around it, so the signature fits whatever produced that digest. Its window
   * says so under its own title and warning; the PIN is asked for every time.
   */
  async signHash(request: PageRawSignRequest, caller: Caller): Promise<Uint8Array> {
    const located = (await tokensWithObjects()).find((l) => l.objects.certificates.some((c) => c.thumbprint === request.thumbprint));
    if (!located) throw fail("CERT_NOT_FOUND", `certificate ${request.thumbprint} is not on an inserted token`);
    const cert = located.objects.certificates.find((c) => c.thumbprint === request.thumbprint)!;
    const digest = toHex(request.digest);
    let signature: Uint8Array | undefined;
    await requestConsent(
      {
        origin: caller.origin,
        operation: "signHash",
        token: tokenSummary(located.token),
        certificate: certificateSummary(fromBase64(cert.der), request.thumbprint),
        document: { size: 0, digest, digestOnly: true },
      },
      caller.tabId,
      async (decision) => {
        await login(located.ref, decision.pin);
        try {
          signature = fromHex((await host.call("signHash", { token: located.ref, certificate: request.thumbprint, digest })).signature);
        } finally {
          await logout(located.ref);
        }
      },
    );
    return signature!;
  },

  /**
   * The key is made after the user approved it with the PIN; the token stays logged in for
   * the one certificate request this key may sign (createRequest), which logs it out.
   */
  async generateKey(request: PageKeyRequest, caller: Caller): Promise<PageKey> {
    const tokens = await tokensWithObjects();
    if (tokens.length !== 1) {
      throw fail("TOKEN_NOT_PRESENT", tokens.length === 0 ? "no token is inserted" : "several tokens are inserted; leave only the one for the new key");
    }
    const located = tokens[0]!;
    let result: ResultOf<"generateKeyPair"> | undefined;
    await requestConsent(
      {
        origin: caller.origin,
        ...gatewayMark(caller),
        operation: "generateKey",
        token: tokenSummary(located.token),
        ...optional("subject", request.subject && subjectRows(request.subject)),
      },
      caller.tabId,
      async (decision) => {
        await login(located.ref, decision.pin);
        try {
          result = await host.call("generateKeyPair", { token: located.ref, algorithm: request.algorithm, ...optional("paramSet", request.paramSet) });
        } catch (error) {
          await logout(located.ref);
          throw error;
        }
      },
    );
    const key = result!.key;
    const keyRef = crypto.randomUUID();
    await saveKey(keyRef, { ref: located.ref, keyId: key.id, origin: caller.origin, ...optional("subject", request.subject) });
    return { keyRef, algorithm: request.algorithm, paramSet: key.paramSet ?? "", publicKey: fromBase64(key.publicKey ?? "") };
  },

  /**
   * One request per key. When the key's window showed the subject, the request must carry
   * exactly that subject and needs no window of its own; otherwise its own window shows the
   * subject and asks for the PIN.
   */
  async createRequest(request: PageCsrRequest, caller: Caller): Promise<Uint8Array> {
    const record = await takeKey(request.keyRef, caller);
    const create = () =>
      host.call("createCsr", { token: record.ref, keyId: record.keyId, subject: request.subject, ...optional("extensions", request.extensions) });
    let result: ResultOf<"createCsr"> | undefined;
    if (record.subject) {
      try {
        if (!sameSubject(record.subject, request.subject))
          throw fail("BAD_REQUEST", "the request's subject is not the one the key's confirmation window showed");
        result = await create();
      } finally {
        await logout(record.ref);
      }
    } else {
      const located = (await tokensWithObjects()).find((l) => l.ref.module === record.ref.module && l.ref.serial === record.ref.serial);
      if (!located) throw fail("TOKEN_NOT_PRESENT", `token ${record.ref.serial} is not inserted`);
      await requestConsent(
        {
          origin: caller.origin,
          ...gatewayMark(caller),
          operation: "createRequest",
          token: tokenSummary(located.token),
          subject: subjectRows(request.subject),
        },
        caller.tabId,
        async (decision) => {
          await login(record.ref, decision.pin);
          try {
            result = await create();
          } finally {
            await logout(record.ref);
          }
        },
      );
    }
    await recordEvent("request", `key ${record.keyId} on token ${record.ref.serial}`, { requestCsr: result!.pem });
    return fromBase64(result!.der);
  },

  async installCertificate(der: Uint8Array, caller: Caller): Promise<void> {
    const publicKey = toBase64(certificateParts(der).publicKey);
    const tokens = await tokensWithObjects();
    const located = tokens.find((l) => l.objects.keys.some((k) => k.publicKey === publicKey));
    if (!located) throw fail("KEY_NOT_FOUND", "no inserted token holds the key of this certificate");
    const thumbprint = certificateThumbprint(der);
    await requestConsent(
      {
        origin: caller.origin,
        ...gatewayMark(caller),
        operation: "installCertificate",
        token: tokenSummary(located.token),
        certificate: certificateSummary(der, thumbprint),
      },
      caller.tabId,
      async (decision) => {
        await login(located.ref, decision.pin);
        try {
          await host.call("writeCertificate", { token: located.ref, der: toBase64(der) });
        } finally {
          await logout(located.ref);
        }
      },
    );
    await recordEvent("install", `certificate ${thumbprint} on token ${located.token.serial}`, { newThumbprint: thumbprint });
  },
};

type Subject = PageCsrRequest["subject"];

/** The subject as the window lists it: the common name first, the rest in a stable order. */
function subjectRows({ commonName, ...rest }: Subject): [string, string][] {
  return [["commonName", commonName], ...Object.entries(rest).sort(([a], [b]) => a.localeCompare(b))];
}

function sameSubject(a: Subject, b: Subject): boolean {
  return JSON.stringify(subjectRows(a)) === JSON.stringify(subjectRows(b));
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
