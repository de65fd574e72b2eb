import * as v from "valibot";
import { DoctorReportSchema } from "./doctor.ts";
import { ERROR_CODES } from "./errors.ts";
import { GOST_CABINETS } from "../gost-cabinets.ts";
import { THUMBPRINT_PATTERN } from "../x509/thumbprint.ts";

/**
 * Every message between the extension and the host, as valibot schemas. The TypeScript
 * types are inferred from these, so a shape is written once and checked at runtime on
 * both ends. Objects are not strict: a peer of a newer minor version may add optional
 * fields, which an older peer ignores.
 */

const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
export const RequestId = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
/** Lowercase hex, as CKA_ID and other byte strings travel. */
export const Hex = v.pipe(v.string(), v.regex(/^(?:[0-9a-f]{2})*$/), v.maxLength(1024));
export const Base64 = v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]*={0,2}$/));

export const ErrorInfoSchema = v.object({
  code: v.picklist(ERROR_CODES),
  message: Text(2000),
  details: v.optional(
    v.object({
      triesLeft: v.optional(Count),
      path: v.optional(Text(4096)),
      serial: v.optional(Text(64)),
      needed: v.optional(Count),
      free: v.optional(Count),
      host: v.optional(Text(64)),
      extension: v.optional(Text(64)),
      update: v.optional(v.picklist(["host", "extension"])),
      origin: v.optional(Text(2048)),
      log: v.optional(Text(4096)),
      ckr: v.optional(Text(64)),
      field: v.optional(Text(64)),
      problemRu: v.optional(Text(500)),
      problemEn: v.optional(Text(500)),
      server: v.optional(Text(300)),
      subject: v.optional(Text(1000)),
      issuer: v.optional(Text(1000)),
      alert: v.optional(Text(64)),
    }),
  ),
});

/** A token is addressed by its module and serial number: slot ids change on reinsertion. */
export const TokenRefSchema = v.object({
  module: v.pipe(v.string(), v.minLength(1), v.maxLength(4096)),
  serial: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
});

/** SHA-1 of a certificate's DER, uppercase hex: how certificates are named across sessions. */
export const Thumbprint = v.pipe(v.string(), v.regex(THUMBPRINT_PATTERN));
/** A PIN travels only from extension UI or the CLI prompt to C_Login; never logged. */
const Pin = v.pipe(v.string(), v.minLength(4), v.maxLength(64));
export const KEY_ALGORITHM_NAMES = ["gost2012-256", "gost2012-512", "ec-p256"] as const;
const Oid = v.pipe(v.string(), v.regex(/^\d+(?:\.\d+)+$/), v.maxLength(128));
/** DER of a certificate, base64; 64 KiB is several times the largest qualified certificate. */
const CertificateDer = v.pipe(Base64, v.minLength(4), v.maxLength(90_000));

export const DeleteItemSchema = v.variant("kind", [
  v.object({ kind: v.literal("certificate"), thumbprint: Thumbprint }),
  v.object({ kind: v.literal("keyPair"), id: v.pipe(Hex, v.minLength(2)) }),
]);

const Field = (max: number) => v.optional(Text(max));
/** Subject of a certificate request; the host checks identifiers and lengths before touching the token. */
export const CsrSubjectSchema = v.object({
  commonName: Text(64),
  surname: Field(64),
  givenName: Field(64),
  title: Field(64),
  organization: Field(128),
  organizationalUnit: Field(64),
  country: Field(2),
  state: Field(128),
  locality: Field(128),
  street: Field(128),
  email: Field(128),
  inn: Field(20),
  innle: Field(20),
  ogrn: Field(20),
  ogrnip: Field(20),
  snils: Field(20),
});
export const CsrExtensionsSchema = v.object({
  keyUsage: v.optional(v.pipe(v.array(Text(32)), v.maxLength(9))),
  extendedKeyUsage: v.optional(v.pipe(v.array(Oid), v.maxLength(16))),
  policies: v.optional(v.pipe(v.array(Oid), v.maxLength(16))),
  subjectSignTool: Field(200),
  identificationKind: v.optional(v.picklist([0, 1, 2, 3])),
});

export const RequestSchema = v.variant("cmd", [
  v.object({ id: RequestId, cmd: v.literal("handshake"), protocol: Text(32), client: Text(200) }),
  v.object({ id: RequestId, cmd: v.literal("listTokens") }),
  v.object({ id: RequestId, cmd: v.literal("listObjects"), token: TokenRefSchema }),
  v.object({ id: RequestId, cmd: v.literal("login"), token: TokenRefSchema, pin: Pin }),
  /**
   * The user's own PKCS#11 libraries (from the options page), saved in the host's
   * config.json; the host reloads its modules. Absolute paths only: a relative one would be
   * resolved against wherever the browser started the host.
   */
  v.object({
    id: RequestId,
    cmd: v.literal("setModulePaths"),
    modules: v.pipe(v.array(v.pipe(v.string(), v.maxLength(4096), v.regex(/^(\/|[A-Za-z]:\\)/, "the path must be absolute"))), v.maxLength(16)),
  }),
  v.object({ id: RequestId, cmd: v.literal("logout"), token: TokenRefSchema }),
  v.object({
    id: RequestId,
    cmd: v.literal("generateKeyPair"),
    token: TokenRefSchema,
    algorithm: v.picklist(KEY_ALGORITHM_NAMES),
    paramSet: v.optional(Oid),
    label: v.optional(Text(128)),
  }),
  v.object({
    id: RequestId,
    cmd: v.literal("createCsr"),
    token: TokenRefSchema,
    keyId: v.pipe(Hex, v.minLength(2)),
    subject: CsrSubjectSchema,
    extensions: v.optional(CsrExtensionsSchema),
  }),
  v.object({
    id: RequestId,
    cmd: v.literal("writeCertificate"),
    token: TokenRefSchema,
    der: CertificateDer,
    label: v.optional(Text(128)),
    chain: v.optional(v.pipe(v.array(CertificateDer), v.maxLength(8))),
  }),
  v.object({
    id: RequestId,
    cmd: v.literal("deleteObjects"),
    token: TokenRefSchema,
    items: v.pipe(v.array(DeleteItemSchema), v.minLength(1), v.maxLength(64)),
    /** Needed to delete a key pair that a currently valid certificate still uses. */
    force: v.optional(v.boolean()),
  }),
  /**
   * The one signing request: a CAdES-BES over a document's digest, computed with the key's
   * hash where the document is (the extension's background, the CLI's process). The host finds
   * the certificate's key pair, builds the signed attributes and has the token sign their
   * digest; an attached signature gets its content where the digest was computed.
   */
  v.object({
    id: RequestId,
    cmd: v.literal("signDigest"),
    token: TokenRefSchema,
    certificate: Thumbprint,
    digest: v.pipe(Hex, v.minLength(64), v.maxLength(128)),
    /** CA certificates to include after the signer's. */
    chain: v.optional(v.pipe(v.array(CertificateDer), v.maxLength(8))),
  }),
  /**
   * A bare GOST R 34.10-2012 signature (s‖r) over a digest the caller chose, with no signed
   * attributes binding it to a document (CryptoPro's RawSignature.SignHash). The extension
   * sends it only after the user approved the window's strong digest-only warning.
   */
  v.object({
    id: RequestId,
    cmd: v.literal("signHash"),
    token: TokenRefSchema,
    certificate: Thumbprint,
    digest: v.pipe(Hex, v.minLength(64), v.maxLength(128)),
  }),
  /**
   * The CA's word on a certificate of the token: the host fetches the CRLs named by its
   * distribution points, verifies each with an issuer certificate from the token or from
   * `issuers` (the options' CA store) and keeps it until its nextUpdate. It reveals the CA
   * to the network, so the extension sends it only on the user's action.
   */
  v.object({
    id: RequestId,
    cmd: v.literal("checkRevocation"),
    token: TokenRefSchema,
    certificate: Thumbprint,
    issuers: v.pipe(v.array(CertificateDer), v.maxLength(64)),
  }),
  /**
   * The troubleshooting report, rendered in `lang`. There is no "full" here: what leaves
   * through the browser never names the user; only the terminal's `kep doctor --full` does.
   */
  v.object({ id: RequestId, cmd: v.literal("doctor"), lang: v.picklist(["ru", "en"]) }),
  /**
   * Certificate sign-in to a GOST cabinet: the host logs in with the PIN typed in the
   * confirmation window, connects to the cabinet over GOST TLS with the certificate's key and
   * serves it on loopback; the extension opens `startUrl` once. The trust anchors are the CA
   * certificates of the options page's store.
   */
  v.object({
    id: RequestId,
    cmd: v.literal("gatewayStart"),
    host: v.picklist(GOST_CABINETS.map((c) => c.host)),
    token: TokenRefSchema,
    certificate: Thumbprint,
    pin: Pin,
    trustAnchors: v.pipe(v.array(CertificateDer), v.minLength(1), v.maxLength(64)),
  }),
  v.object({ id: RequestId, cmd: v.literal("gatewayStop") }),
  v.object({ id: RequestId, cmd: v.literal("gatewayStatus") }),
]);

const LibraryInfo = v.object({
  manufacturer: Text(64),
  description: Text(64),
  version: Text(16),
  cryptokiVersion: Text(16),
});

export const ModuleStatusSchema = v.object({
  path: Text(4096),
  /** Display name from the table of known libraries, or the file name. */
  name: Text(200),
  loaded: v.boolean(),
  library: v.optional(LibraryInfo),
  error: v.optional(ErrorInfoSchema),
});

/** Bytes, or null where the token reports CK_UNAVAILABLE_INFORMATION. */
const Memory = v.nullable(Count);

export const TokenInfoSchema = v.object({
  module: Text(4096),
  slotId: Text(24),
  slotDescription: Text(64),
  serial: Text(64),
  label: Text(64),
  manufacturer: Text(64),
  model: Text(64),
  hardwareVersion: Text(16),
  firmwareVersion: Text(16),
  memory: v.object({
    totalPublic: Memory,
    freePublic: Memory,
    totalPrivate: Memory,
    freePrivate: Memory,
  }),
  pin: v.object({
    initialized: v.boolean(),
    countLow: v.boolean(),
    finalTry: v.boolean(),
    locked: v.boolean(),
    mustChange: v.boolean(),
  }),
  initialized: v.boolean(),
  loginRequired: v.boolean(),
  protectedAuthenticationPath: v.boolean(),
  writeProtected: v.boolean(),
});

/**
 * A slot whose token cannot be used: never initialised (or blank, with no serial number to
 * name it by), or not answering. Listed apart from the tokens, so one odd slot never hides
 * the others; what the token said about itself is kept where it said anything.
 */
export const UnusableSlotSchema = v.object({
  module: Text(4096),
  slotId: Text(24),
  slotDescription: Text(64),
  state: v.picklist(["uninitialized", "unreadable"]),
  label: Text(64),
  manufacturer: Text(64),
  model: Text(64),
  serial: Text(64),
  error: v.optional(ErrorInfoSchema),
});

/** CKA_CERTIFICATE_CATEGORY values (PKCS#11 2.40 §4.6.2) the host writes and the extension sorts by; pkcs11js does not export them. */
export const CERTIFICATE_CATEGORY = { tokenUser: 1, authority: 2 } as const;

export const CertificateObjectSchema = v.object({
  /** CKA_ID of the certificate object. */
  id: Hex,
  label: Text(512),
  /** DER, base64. */
  der: Base64,
  /** SHA-1 of the DER, uppercase hex. */
  thumbprint: Thumbprint,
  category: v.nullable(Count),
  /**
   * The key pair this certificate belongs to, and how we know: by equal CKA_ID, by equal
   * public key, or both. `idMismatch` marks a certificate whose CKA_ID names a key pair
   * with a different public key, which breaks software that pairs by CKA_ID.
   */
  key: v.nullable(v.object({ id: Hex, by: v.picklist(["id", "publicKey", "both"]), idMismatch: v.boolean() })),
});

export const KeyPairSchema = v.object({
  id: Hex,
  label: Text(512),
  keyType: Text(32),
  /** DER OIDs in dotted form: GOST param set and digest, or the EC curve. */
  paramSet: v.nullable(Text(128)),
  digestParams: v.nullable(Text(128)),
  /** The public key as the token stores it (CKA_VALUE for GOST, the EC point for EC). */
  publicKey: v.nullable(Base64),
  hasPublicKey: v.boolean(),
  /** null when private objects are hidden because the token is not logged in. */
  hasPrivateKey: v.nullable(v.boolean()),
  certificates: v.array(Thumbprint),
});

const DeletedSchema = v.object({
  item: DeleteItemSchema,
  /** DER of each deleted certificate, so the caller can keep a backup. */
  der: v.optional(Base64),
});

/** CRLReason names (RFC 5280 §5.3.1); shared/x509/crl.ts maps the codes to them. */
export const REVOCATION_REASONS = [
  "unspecified",
  "keyCompromise",
  "cACompromise",
  "affiliationChanged",
  "superseded",
  "cessationOfOperation",
  "certificateHold",
  "removeFromCRL",
  "privilegeWithdrawn",
  "aACompromise",
] as const;

/** Why a distribution point gave no answer; the popup names each. */
export const CRL_PROBLEMS = [
  "noDistributionPoint",
  "unsupportedUrl",
  "unreachable",
  "timeout",
  "httpStatus",
  "tooLarge",
  "malformed",
  "noIssuer",
  "badSignature",
  "outdated",
  "notYetValid",
] as const;

export const RevocationSchema = v.object({
  /** good or revoked only on a CRL whose signature and dates checked out; unknown otherwise. */
  status: v.picklist(["good", "revoked", "unknown"]),
  /** The CRL that decided: where it came from and its dates (epoch ms). */
  crl: v.optional(v.object({ url: Text(2048), thisUpdate: Count, nextUpdate: v.nullable(Count) })),
  revokedAt: v.optional(Count),
  reason: v.optional(v.picklist(REVOCATION_REASONS)),
  /** What each distribution point that did not decide ran into. */
  problems: v.pipe(v.array(v.object({ url: Text(2048), problem: v.picklist(CRL_PROBLEMS), detail: Text(500) })), v.maxLength(16)),
});

export const ResultSchemas = {
  handshake: v.object({
    protocol: Text(32),
    host: v.object({ name: Text(64), version: Text(32) }),
    modules: v.array(ModuleStatusSchema),
    logFile: Text(4096),
  }),
  listTokens: v.object({
    tokens: v.array(TokenInfoSchema),
    /** Optional so that a host from before 1.1 still answers an extension that knows it. */
    unusable: v.optional(v.array(UnusableSlotSchema)),
    modules: v.array(ModuleStatusSchema),
  }),
  listObjects: v.object({
    token: TokenInfoSchema,
    loggedIn: v.boolean(),
    certificates: v.array(CertificateObjectSchema),
    keys: v.array(KeyPairSchema),
  }),
  login: v.object({ loggedIn: v.literal(true), expiresInMs: Count }),
  setModulePaths: v.object({ configFile: Text(4096), modules: v.array(ModuleStatusSchema) }),
  logout: v.object({ loggedIn: v.literal(false) }),
  generateKeyPair: v.object({
    key: KeyPairSchema,
    /** Read back from the private key: what the token promises about it. */
    privateKey: v.object({ sensitive: v.boolean(), extractable: v.boolean(), neverExtractable: v.boolean(), local: v.boolean() }),
  }),
  createCsr: v.object({ der: Base64, pem: Text(20_000) }),
  writeCertificate: v.object({
    certificate: CertificateObjectSchema,
    /** false when the same certificate was already on the token: writing twice is a no-op. */
    written: v.boolean(),
    chainWritten: Count,
  }),
  deleteObjects: v.object({
    deleted: v.array(DeletedSchema),
    notDeleted: v.array(v.object({ item: DeleteItemSchema, error: ErrorInfoSchema })),
  }),
  signDigest: v.object({ cms: Base64 }),
  signHash: v.object({ signature: Hex }),
  checkRevocation: RevocationSchema,
  doctor: v.object({ report: DoctorReportSchema, text: Text(1_000_000) }),
  /** `redirectKey`: what the extension's header rule adds to requests the gateway's pages initiate (2.3). */
  gatewayStart: v.object({ startUrl: Text(2000), origin: Text(300), redirectKey: v.pipe(v.string(), v.regex(/^[\w-]{43}$/)) }),
  gatewayStop: v.object({ stopped: v.boolean() }),
  gatewayStatus: v.object({
    running: v.boolean(),
    host: v.optional(Text(253)),
    origin: v.optional(Text(300)),
    certificate: v.optional(Thumbprint),
    /** While it runs: when it started, and when it ends for inactivity unless a request comes first (epoch ms). */
    startedAt: v.optional(v.number()),
    idleEndsAt: v.optional(v.number()),
    /** Why the last session ended: sign-out, token removed or logged out, inactivity, or a stop. */
    ended: v.optional(v.picklist(["signed-out", "credential-lost", "idle", "stopped"])),
  }),
} satisfies Record<Request["cmd"], v.GenericSchema>;

export const ResponseSchema = v.union([
  v.object({ id: RequestId, ok: v.literal(true), result: v.unknown() }),
  // id is null when the request was too broken to read its id.
  v.object({ id: v.nullable(RequestId), ok: v.literal(false), error: ErrorInfoSchema }),
]);

/**
 * Messages the host sends on its own, not in answer to a request. They carry `event`
 * instead of `id`, so a peer tells them apart from responses by shape.
 */
export const EventSchema = v.variant("event", [
  /** The host ended a token's login: its idle time ran out, or the token was removed. */
  v.object({ event: v.literal("loggedOut"), token: TokenRefSchema, reason: v.picklist(["timeout", "removed"]) }),
]);

/** One piece of a response too long for one frame; pieces are joined in order, then parsed. */
export const ResponsePartSchema = v.object({
  id: RequestId,
  part: Count,
  parts: v.pipe(Count, v.minValue(2)),
  chunk: v.string(),
});

export type Request = v.InferOutput<typeof RequestSchema>;
export type Command = Request["cmd"];
export type RequestOf<C extends Command> = Extract<Request, { cmd: C }>;
export type ResultOf<C extends Command> = v.InferOutput<(typeof ResultSchemas)[C]>;
export type Response = v.InferOutput<typeof ResponseSchema>;
export type ResponsePart = v.InferOutput<typeof ResponsePartSchema>;
export type HostEvent = v.InferOutput<typeof EventSchema>;
export type ModuleStatus = v.InferOutput<typeof ModuleStatusSchema>;
export type TokenInfo = v.InferOutput<typeof TokenInfoSchema>;
export type UnusableSlot = v.InferOutput<typeof UnusableSlotSchema>;
export type TokenRef = v.InferOutput<typeof TokenRefSchema>;
export type CertificateObject = v.InferOutput<typeof CertificateObjectSchema>;
export type KeyPair = v.InferOutput<typeof KeyPairSchema>;
export type DeleteItem = v.InferOutput<typeof DeleteItemSchema>;
export type KeyAlgorithmName = (typeof KEY_ALGORITHM_NAMES)[number];
export type Revocation = v.InferOutput<typeof RevocationSchema>;
export type CrlProblem = (typeof CRL_PROBLEMS)[number];
export type RevocationReason = (typeof REVOCATION_REASONS)[number];
