import browser from "webextension-polyfill";
import { Streebog } from "../../../shared/crypto/streebog.ts";
import { wasmAbsorber } from "../../../shared/crypto/streebog-wasm.ts";
import { fromBase64, toBase64, toHex } from "../../../shared/encoding.ts";
import type { ErrorInfo, ResultOf, TokenInfo, TokenRef } from "../../../shared/protocol/index.ts";
import { certificateParts, parseCertificate } from "../../../shared/x509/index.ts";
import type { ConsentDetails } from "../messaging/consent.ts";
import type { PageAbout, PageCertificate, PageCsrRequest, PageKey, PageKeyRequest, PageSignRequest } from "../page-api/backend.ts";
import { requestConsent } from "./consent.ts";
import { recordEvent } from "./journal-recorder.ts";
import { host } from "./host.ts";
import { listTrustedRoots } from "../storage/roots.ts";

/** The caller as the browser identified it, never as the page claims. */
export interface Caller {
  origin: string;
  tabId: number | undefined;
}

interface Located {
  token: TokenInfo;
  ref: TokenRef;
  objects: ResultOf<"listObjects">;
}

const fail = (code: ErrorInfo["code"], message: string): ErrorInfo => ({ code, message });
const CHUNK = 512 * 1024;

/**
 * CKA_CERTIFICATE_CATEGORY of a CA certificate. Tokens keep the issuing chain as such
 * objects; those belong in "Root", not among the user's own certificates. Category 0
 * (unspecified) stays in "My": many tools write user certificates that way.
 */
const CKC_AUTHORITY = 2;

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

/** The first characters of a document that decodes as UTF-8 text, for the confirmation window. */
function textPreview(content: Uint8Array): string | undefined {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(content.subarray(0, 4096));
    return /[\u0000-\u0008\u000e-\u001f]/.test(text) ? undefined : text.slice(0, 1000);
  } catch {
    return undefined;
  }
}

/** The digest the token will sign over, shown so the user can compare it with the site's. */
function displayDigest(certificate: Uint8Array, content: Uint8Array): string {
  const hash = new Streebog(parseCertificate(certificate).publicKey.algorithm === "gost2012-512" ? 512 : 256, wasmAbsorber());
  hash.update(content);
  return toHex(hash.digest());
}

async function login(ref: TokenRef, pin: string | undefined): Promise<void> {
  if (pin) await host.call("login", { token: ref, pin });
}

const remembered = new Set<string>();
const rememberKey = (caller: Caller, thumbprint: string) => `${caller.tabId}|${caller.origin}|${thumbprint}`;
browser.tabs.onRemoved.addListener((tabId) => {
  for (const key of [...remembered]) if (key.startsWith(`${tabId}|`)) remembered.delete(key);
});

/** Keys made for a page, by opaque reference; session storage survives the worker restarting mid-wizard. */
interface KeyRecord {
  ref: TokenRef;
  keyId: string;
  origin: string;
}
async function saveKey(keyRef: string, record: KeyRecord): Promise<void> {
  await browser.storage.session.set({ [`key:${keyRef}`]: record });
}
async function loadKey(keyRef: string, caller: Caller): Promise<KeyRecord> {
  const record = (await browser.storage.session.get(`key:${keyRef}`))[`key:${keyRef}`] as KeyRecord | undefined;
  if (!record || record.origin !== caller.origin) throw fail("KEY_NOT_FOUND", `no key ${keyRef} for this site`);
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
      for (const cert of objects.certificates.filter((c) => c.category !== CKC_AUTHORITY)) {
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
        .filter((c) => c.category === CKC_AUTHORITY && !seen.has(c.thumbprint))
        .map((c) => ({ der: fromBase64(c.der), thumbprint: c.thumbprint, hasPrivateKey: false, container: "" })),
    );
    return [...added, ...onTokens];
  },

  async sign(request: PageSignRequest, caller: Caller): Promise<Uint8Array> {
    const located = (await tokensWithObjects()).find((l) => l.objects.certificates.some((c) => c.thumbprint === request.thumbprint));
    if (!located) throw fail("CERT_NOT_FOUND", `certificate ${request.thumbprint} is not on an inserted token`);
    const cert = located.objects.certificates.find((c) => c.thumbprint === request.thumbprint)!;
    const der = fromBase64(cert.der);
    const digest = request.digest ? toHex(request.digest) : displayDigest(der, request.content ?? new Uint8Array());
    let cms: Uint8Array | undefined;
    const run = async () => {
      cms = request.digest
        ? fromBase64((await host.call("signDigest", { token: located.ref, certificate: request.thumbprint, digest })).cms)
        : await signContent(located.ref, request);
    };
    if (remembered.has(rememberKey(caller, request.thumbprint)) && located.objects.loggedIn) {
      await run();
      return cms!;
    }
    await requestConsent(
      {
        origin: caller.origin,
        operation: "sign",
        token: tokenSummary(located.token),
        certificate: certificateSummary(der, request.thumbprint),
        document: request.digest
          ? { size: 0, digest, digestOnly: true }
          : { size: request.content?.length ?? 0, digest, ...optional("preview", textPreview(request.content ?? new Uint8Array())) },
        needsPin: !located.objects.loggedIn,
        allowRemember: true,
      },
      async (decision) => {
        await login(located.ref, decision.pin);
        await run();
        if (decision.remember) remembered.add(rememberKey(caller, request.thumbprint));
      },
    );
    return cms!;
  },

  async generateKey(request: PageKeyRequest, caller: Caller): Promise<PageKey> {
    const tokens = await tokensWithObjects();
    if (tokens.length !== 1) {
      throw fail("TOKEN_NOT_PRESENT", tokens.length === 0 ? "no token is inserted" : "several tokens are inserted; leave only the one for the new key");
    }
    const located = tokens[0]!;
    let result: ResultOf<"generateKeyPair"> | undefined;
    await requestConsent(
      { origin: caller.origin, operation: "generateKey", token: tokenSummary(located.token), needsPin: !located.objects.loggedIn, allowRemember: false },
      async (decision) => {
        await login(located.ref, decision.pin);
        result = await host.call("generateKeyPair", { token: located.ref, algorithm: request.algorithm, ...optional("paramSet", request.paramSet) });
      },
    );
    const key = result!.key;
    const keyRef = crypto.randomUUID();
    await saveKey(keyRef, { ref: located.ref, keyId: key.id, origin: caller.origin });
    return { keyRef, algorithm: request.algorithm, paramSet: key.paramSet ?? "", publicKey: fromBase64(key.publicKey ?? "") };
  },

  /** The request is signed by the key the user just agreed to create, so it asks nothing more. */
  async createRequest(request: PageCsrRequest, caller: Caller): Promise<Uint8Array> {
    const record = await loadKey(request.keyRef, caller);
    const { commonName, ...rest } = request.subject;
    const result = await host.call("createCsr", {
      token: record.ref,
      keyId: record.keyId,
      subject: { commonName, ...rest },
      ...optional("extensions", request.extensions),
    });
    await recordEvent("request", `key ${record.keyId} on token ${record.ref.serial}`, { requestCsr: result.pem });
    return fromBase64(result.der);
  },

  async installCertificate(der: Uint8Array, caller: Caller): Promise<void> {
    const publicKey = toBase64(certificateParts(der).publicKey);
    const tokens = await tokensWithObjects();
    const located = tokens.find((l) => l.objects.keys.some((k) => k.publicKey === publicKey));
    if (!located) throw fail("KEY_NOT_FOUND", "no inserted token holds the key of this certificate");
    const thumbprint = toHex(new Uint8Array(await crypto.subtle.digest("SHA-1", new Uint8Array(der)))).toUpperCase();
    await requestConsent(
      {
        origin: caller.origin,
        operation: "installCertificate",
        token: tokenSummary(located.token),
        certificate: certificateSummary(der, thumbprint),
        needsPin: !located.objects.loggedIn,
        allowRemember: false,
      },
      async (decision) => {
        await login(located.ref, decision.pin);
        await host.call("writeCertificate", { token: located.ref, der: toBase64(der) });
      },
    );
    await recordEvent("install", `certificate ${thumbprint} on token ${located.token.serial}`, { newThumbprint: thumbprint });
  },
};

async function signContent(ref: TokenRef, request: PageSignRequest): Promise<Uint8Array> {
  const content = request.content ?? new Uint8Array();
  const { signId } = await host.call("signStart", { token: ref, certificate: request.thumbprint, detached: request.detached });
  // A few chunks in flight keep the host hashing while the next one travels.
  const inFlight: Promise<unknown>[] = [];
  for (let offset = 0, seq = 0; offset < content.length; offset += CHUNK, seq++) {
    inFlight.push(host.call("signChunk", { signId, seq, data: toBase64(content.subarray(offset, offset + CHUNK)) }));
    if (inFlight.length >= 3) await inFlight.shift();
  }
  await Promise.all(inFlight);
  return fromBase64((await host.call("signFinish", { signId })).cms);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
