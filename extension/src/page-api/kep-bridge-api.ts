import { Streebog } from "../../../shared/crypto/streebog.ts";
import { fromHex, toBase64 } from "../../../shared/encoding.ts";
import type { PageAbout, PageBackend } from "./backend.ts";
import { certificateEntry } from "./cadesplugin/certificate.ts";
import { formatName } from "./cadesplugin/distinguished-name.ts";
import { invalidArg, toPluginError } from "./cadesplugin/errors.ts";

/** A certificate on an inserted token, as `kepBridge.listCertificates()` gives it. */
export interface KepBridgeCertificate {
  /** SHA-1 of the DER, uppercase hex. */
  thumbprint: string;
  /** The certificate, DER in base64. */
  der: string;
  /** Subject and issuer in the plug-in's string form ("CN=…, ИНН=…, C=RU"). */
  subject: string;
  issuer: string;
  /** ISO 8601 UTC. */
  notBefore: string;
  notAfter: string;
  hasPrivateKey: boolean;
}

export type KepBridgeBytes = ArrayBuffer | ArrayBufferView | string;

export interface KepBridgeSignRequest {
  thumbprint: string;
  /** The document; a string is signed as its UTF-8 bytes. */
  data?: KepBridgeBytes;
  /** Instead of data: its GOST R 34.11-2012 digest (bytes, or a hex string), for a detached signature. */
  digest?: KepBridgeBytes;
  /** Detached signature (the CMS does not contain the document). Default false; forced by digest. */
  detached?: boolean;
  /** Accepted and dropped: the confirmation window shows the document itself, never a page's words about it. */
  description?: string;
}

export interface KepBridge {
  readonly version: string;
  about(): Promise<PageAbout>;
  listCertificates(): Promise<KepBridgeCertificate[]>;
  /** A CAdES-BES CMS (DER) after the user confirms in the extension's window. */
  sign(request: KepBridgeSignRequest): Promise<ArrayBuffer>;
  /** GOST R 34.11-2012 digest, computed in the page (256 or 512 bits). */
  digest(data: KepBridgeBytes, bits?: 256 | 512): Promise<ArrayBuffer>;
}

export const KEP_BRIDGE_VERSION = "1.0.0";

function bytesOf(value: KepBridgeBytes, what: string, stringAs: "utf8" | "hex"): Uint8Array {
  if (typeof value === "string") {
    if (stringAs === "utf8") return new TextEncoder().encode(value);
    try {
      return fromHex(value);
    } catch {
      throw invalidArg(`${what}: ожидалась hex-строка`);
    }
  }
  if (value instanceof ArrayBuffer) return new Uint8Array(value.slice(0));
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
  throw invalidArg(`${what}: ожидались байты или строка`);
}

function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

/** Rejections carry the same PageError (HRESULT in the message) as the cadesplugin shim. */
function guarded<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await fn(...args);
    } catch (error) {
      throw toPluginError(error);
    }
  };
}

export function createKepBridge(backend: PageBackend): KepBridge {
  return Object.freeze({
    version: KEP_BRIDGE_VERSION,
    about: guarded(() => backend.about()),
    listCertificates: guarded(async () =>
      (await backend.listCertificates()).map((c) => {
        const { info, thumbprint, der, hasPrivateKey } = certificateEntry(c);
        return {
          thumbprint,
          der: toBase64(der),
          subject: formatName(info.subject.attributes),
          issuer: formatName(info.issuer.attributes),
          notBefore: info.notBefore.toISOString(),
          notAfter: info.notAfter.toISOString(),
          hasPrivateKey,
        };
      }),
    ),
    sign: guarded(async (request: KepBridgeSignRequest) => {
      if (typeof request?.thumbprint !== "string") throw invalidArg("thumbprint: ожидалась строка");
      if ((request.data === undefined) === (request.digest === undefined)) throw invalidArg("Нужно задать data или digest");
      const cms = await backend.sign({
        thumbprint: request.thumbprint.replace(/\s/g, "").toUpperCase(),
        detached: request.digest !== undefined || request.detached === true,
        ...(request.data !== undefined ? { content: bytesOf(request.data, "data", "utf8") } : {}),
        ...(request.digest !== undefined ? { digest: bytesOf(request.digest, "digest", "hex") } : {}),
        ...(typeof request.description === "string" ? { description: request.description } : {}),
      });
      return bufferOf(cms);
    }),
    digest: guarded(async (data: KepBridgeBytes, bits: 256 | 512 = 256) => {
      if (bits !== 256 && bits !== 512) throw invalidArg("bits: 256 или 512");
      return bufferOf(new Streebog(bits).update(bytesOf(data, "data", "utf8")).digest());
    }),
  });
}

/** Defines `window.kepBridge` (read-only), at document_start in the MAIN world. */
export function installKepBridge(win: Window, backend: PageBackend): KepBridge {
  const bridge = createKepBridge(backend);
  Object.defineProperty(win, "kepBridge", { value: bridge, writable: false, configurable: false, enumerable: true });
  return bridge;
}
