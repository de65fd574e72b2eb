import * as v from "valibot";

/**
 * The troubleshooting report of `kep doctor` and the options page's "copy report" button,
 * as the host sends it and `kep doctor --json` prints it. The schema is stable: fields are
 * only ever added, and `schema` changes when a field changes meaning. Without `full`,
 * nothing in it names a person: serials are short hashes, labels and owners are absent,
 * the home folder is `~`.
 */
export const DOCTOR_SCHEMA_VERSION = 1;

/** Every conclusion the report can draw; README's troubleshooting section explains each. */
export const DOCTOR_FINDING_IDS = [
  "HOST_NOT_REGISTERED",
  "MANIFEST_BROKEN",
  "NO_MODULES",
  "MODULE_MISSING",
  "MODULE_WRONG_ARCH",
  "MODULE_NOT_PKCS11",
  "MODULE_LOAD_FAILED",
  "MODULE_INIT_FAILED",
  "MODULE_UNTRUSTED",
  "NO_TOKEN",
  "TOKEN_UNREADABLE",
  "TOKEN_NOT_INITIALIZED",
  "PIN_NOT_SET",
  "PIN_LOCKED",
  "PIN_FINAL_TRY",
  "NO_GOST",
  "TOKEN_ALMOST_FULL",
  "HIDDEN_STORAGE",
  "CRYPTOPRO_OBJECTS",
] as const;
export type DoctorFindingId = (typeof DOCTOR_FINDING_IDS)[number];

export const MODULE_STATES = ["loaded", "missing", "wrongArchitecture", "notPkcs11", "loadFailed", "initFailed", "untrusted"] as const;
export type ModuleState = (typeof MODULE_STATES)[number];

const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
const Bytes = v.nullable(Count);

const BrowserEntry = v.object({
  id: Text(32),
  label: Text(100),
  scope: v.picklist(["user", "system"]),
  /** The manifest file, or on Windows the registry key pointing at it. */
  location: Text(4096),
  /** Whether the browser seems installed; null where that cannot be told (Windows registry). */
  found: v.nullable(v.boolean()),
  registered: v.boolean(),
  /** Why a manifest that exists will not work: unreadable, or its program is missing. */
  problem: v.optional(Text(2000)),
});

const LibraryFile = v.object({
  exists: v.boolean(),
  format: v.picklist(["elf", "pe", "macho", "other"]),
  /** e.g. "x64", "ia32", "arm64"; null when the format does not say or is unknown. */
  arch: v.nullable(Text(32)),
});

const Mechanism = v.object({
  name: Text(64),
  code: v.pipe(v.string(), v.regex(/^0x[0-9A-F]+$/)),
  bits: v.nullable(v.picklist([256, 512])),
  generateKeyPair: v.boolean(),
  sign: v.boolean(),
  derive: v.boolean(),
  digest: v.boolean(),
});

const CertificateEntry = v.object({
  issuer: Text(500),
  notAfter: Text(32),
  daysLeft: v.number(),
  keyOnToken: v.boolean(),
  /** Only with --full. */
  owner: v.optional(Text(500)),
  serialNumber: v.optional(Text(100)),
});

const TokenEntry = v.object({
  /** Only with --full: labels are often the owner's name. */
  label: v.optional(Text(64)),
  /** The serial with --full, otherwise "#" and 8 hex digits of its SHA-256. */
  serial: Text(64),
  manufacturer: Text(64),
  model: Text(64),
  hardwareVersion: Text(16),
  firmwareVersion: Text(16),
  initialized: v.boolean(),
  loginRequired: v.boolean(),
  pin: v.object({
    initialized: v.boolean(),
    countLow: v.boolean(),
    finalTry: v.boolean(),
    locked: v.boolean(),
  }),
  memory: v.object({ totalPublic: Bytes, freePublic: Bytes }),
  /** GOST mechanisms the token offers, with what each may be used for. */
  mechanisms: v.array(Mechanism),
  otherMechanisms: Count,
  gost: v.object({
    generate256: v.boolean(),
    generate512: v.boolean(),
    sign256: v.boolean(),
    sign512: v.boolean(),
    derive: v.boolean(),
  }),
  /** Whether private objects were visible (the host holds a login), so counts include them. */
  loggedIn: v.boolean(),
  objects: v.object({
    byClass: v.record(Text(32), Count),
    /** Data objects by CKA_APPLICATION, e.g. what CryptoPro CSP wrote. */
    dataByApplication: v.array(v.object({ application: Text(200), count: Count, bytes: Count })),
    /** Attribute bytes of the objects PKCS#11 shows, plus a per-object estimate of overhead. */
    visibleBytes: Count,
    /** Total − free public memory, where the token reports both. */
    usedBytes: Bytes,
  }),
  certificates: v.array(CertificateEntry),
  /** Why the objects could not be read; the rest of the entry still stands. */
  error: v.optional(Text(2000)),
});

const SlotEntry = v.object({
  slotId: Text(24),
  description: Text(64),
  manufacturer: Text(64),
  hardwareSlot: v.boolean(),
  removable: v.boolean(),
  tokenPresent: v.boolean(),
  token: v.optional(TokenEntry),
  error: v.optional(Text(2000)),
});

const ModuleEntry = v.object({
  path: Text(4096),
  name: Text(200),
  /** Where the path came from: the known-library table, the user's config.json, KEP_PKCS11_MODULES. */
  source: v.picklist(["known", "config", "env"]),
  state: v.picklist(MODULE_STATES),
  /** The loader's or C_Initialize's own words when it failed. */
  detail: v.optional(Text(2000)),
  file: LibraryFile,
  library: v.optional(v.object({ manufacturer: Text(64), description: Text(64), version: Text(16), cryptokiVersion: Text(16) })),
  slots: v.array(SlotEntry),
  /** Why the slot list could not be read. */
  error: v.optional(Text(2000)),
});

export const DoctorFindingSchema = v.object({
  id: v.picklist(DOCTOR_FINDING_IDS),
  severity: v.picklist(["error", "warning", "info"]),
  /** What it is about: a library path, a token, a browser. */
  subject: v.optional(Text(4096)),
});

export const DoctorReportSchema = v.object({
  schema: v.literal(DOCTOR_SCHEMA_VERSION),
  generatedAt: Text(40),
  full: v.boolean(),
  system: v.object({
    platform: Text(32),
    release: Text(200),
    arch: Text(32),
    hostVersion: Text(32),
    /** A packaged single executable, or the bundled host run by a separate node. */
    runtime: v.picklist(["executable", "node"]),
    nodeVersion: Text(32),
  }),
  browsers: v.array(BrowserEntry),
  modules: v.array(ModuleEntry),
  cryptoPro: v.object({ installed: v.boolean(), version: v.nullable(Text(64)), location: v.nullable(Text(4096)) }),
  findings: v.array(DoctorFindingSchema),
});

export type DoctorReport = v.InferOutput<typeof DoctorReportSchema>;
export type DoctorFinding = v.InferOutput<typeof DoctorFindingSchema>;
export type DoctorModule = v.InferOutput<typeof ModuleEntry>;
export type DoctorSlot = v.InferOutput<typeof SlotEntry>;
export type DoctorToken = v.InferOutput<typeof TokenEntry>;
export type DoctorBrowser = v.InferOutput<typeof BrowserEntry>;
export type DoctorMechanism = v.InferOutput<typeof Mechanism>;
export type DoctorCertificate = v.InferOutput<typeof CertificateEntry>;
export type LibraryFileInfo = v.InferOutput<typeof LibraryFile>;
