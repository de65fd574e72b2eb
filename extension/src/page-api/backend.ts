import type { ErrorCode, KeyAlgorithmName } from "../../../shared/protocol/index.ts";

/**
 * What the page-side API (the CryptoPro-compatible `window.cadesplugin` and our own
 * `window.kepBridge`) needs from the extension. The page script implements the object
 * models on top of this; the extension implements it over the native host, with the
 * user's confirmation for every key generation, signature and certificate write. Bytes
 * cross as Uint8Array; the page never sees a PIN, a token handle or a module path.
 */

export interface PageCertificate {
  /** DER of the certificate. */
  der: Uint8Array;
  /** SHA-1 of the DER, uppercase hex, as CryptoPro shows thumbprints. */
  thumbprint: string;
  /** The private key of this certificate is on an inserted token. */
  hasPrivateKey: boolean;
  /** Where it lives, for display only ("Rutoken ECP 1234"). */
  container: string;
}

export interface PageAbout {
  /** Version the page sees as the plug-in's; CryptoPro pages check only the major. */
  pluginVersion: string;
  /** Version reported as the CSP's. */
  cspVersion: string;
  cspName: string;
}

export interface PageSignRequest {
  thumbprint: string;
  detached: boolean;
  /** The document (attached or detached signature), or absent when `digest` is given. */
  content?: Uint8Array;
  /** A digest the page computed with the key's hash (SignHash). */
  digest?: Uint8Array;
  /**
   * What the page calls the document (CryptoPro's DOCUMENT_NAME). Page text: the background
   * drops it, and the confirmation window shows only what the document's bytes say.
   */
  description?: string;
}

/** RawSignature.SignHash: a bare signature over a digest the page computed with the key's hash. */
export interface PageRawSignRequest {
  thumbprint: string;
  digest: Uint8Array;
}

export interface PageKeyRequest {
  /** From the CSP provider type: 80 → GOST 2012-256, 81 → GOST 2012-512. */
  algorithm: KeyAlgorithmName;
  paramSet?: string;
  /**
   * The subject of the request this key will sign, when the page already set it: the key's
   * confirmation window shows it, and the key then signs a request for that subject only.
   */
  subject?: PageCsrRequest["subject"];
}

export interface PageKey {
  /** Opaque handle for later requests from this page; not a token handle. */
  keyRef: string;
  algorithm: KeyAlgorithmName;
  paramSet: string;
  /** Public key as the token stores it (GOST: LE x ‖ LE y). */
  publicKey: Uint8Array;
}

/** Subject and extensions of a request, as the host's createCsr takes them. */
export interface PageCsrRequest {
  keyRef: string;
  subject: Record<string, string> & { commonName: string };
  extensions?: {
    keyUsage?: string[];
    extendedKeyUsage?: string[];
    policies?: string[];
    subjectSignTool?: string;
    identificationKind?: 0 | 1 | 2 | 3;
  };
}

/**
 * A failure as the page sees it: the plug-in's HRESULT and message, which CryptoPro-minded
 * pages branch on, and kep-bridge's error code when the failure came from the extension.
 */
export class PageError extends Error {
  constructor(
    readonly hresult: number,
    message: string,
    readonly code?: ErrorCode,
  ) {
    super(`${message} (0x${(hresult >>> 0).toString(16).toUpperCase().padStart(8, "0")})`);
  }
}

/** HRESULTs pages branch on (CryptoPro plug-in and Windows SCard errors). */
export const HRESULT = {
  cancelled: 0x8010006e,
  noKey: 0x8009000d,
  notFound: 0x80092004,
  badData: 0x80093102,
  noToken: 0x8010002e,
  badPin: 0x8010006b,
  pinLocked: 0x8010006c,
  full: 0x80090010,
  notAllowed: 0x80070005,
  general: 0x80004005,
  /** E_INVALIDARG: a bad argument from the page ("Параметр задан неверно"). */
  invalidArg: 0x80070057,
  /** E_NOTIMPL: a member or mode the shim deliberately does not provide. */
  notImplemented: 0x80004001,
  /** NTE_BAD_ALGID: a hash or key algorithm the token cannot use. */
  badAlgorithm: 0x80090008,
  /** NTE_KEYSET_NOT_DEF: a cryptographic provider that is not there (CCspInformation). */
  providerNotFound: 0x80090019,
  /** CO_E_CLASSSTRING: CreateObjectAsync with an unknown ProgID. */
  unknownProgId: 0x800401f3,
  /** NTE_BAD_SIGNATURE: VerifyCades found a signature that does not verify. */
  badSignature: 0x80090006,
  /** CRYPT_E_HASH_VALUE: VerifyCades found content that does not match its messageDigest. */
  badHash: 0x80091007,
} as const;

export interface PageBackend {
  about(): Promise<PageAbout>;
  /** The user's certificates on every inserted token (the "My" store). */
  listCertificates(): Promise<PageCertificate[]>;
  /** CA certificates: those the user added in the options page and those tokens keep as CA objects (the "Root" store). */
  listRoots(): Promise<PageCertificate[]>;
  /** A CAdES-BES CMS (DER), after the user confirmed it. */
  sign(request: PageSignRequest): Promise<Uint8Array>;
  /** The token's bare GOST signature (s‖r), after the user confirmed it under the digest-only warning. */
  signHash(request: PageRawSignRequest): Promise<Uint8Array>;
  generateKey(request: PageKeyRequest): Promise<PageKey>;
  /** A PKCS#10 (DER) for a key made by generateKey, signed on the token. */
  createRequest(request: PageCsrRequest): Promise<Uint8Array>;
  /** Writes an issued certificate next to its key (InstallResponse). */
  installCertificate(der: Uint8Array): Promise<void>;
}
