/**
 * Driving a PKCS#11 token with pkcs11js: module lifetime, token initialisation, key generation and
 * certificate import with the templates kep-bridge uses on real tokens (docs/gost-pkcs11.md#key-templates).
 */
import pkcs11js from "pkcs11js";
import type * as P from "pkcs11js";
import { randomBytes } from "node:crypto";
import { buildSofttoken } from "../harness.ts";
import { oid } from "../der.ts";
import { certificateFields } from "./certinfo.ts";
import { BY_SIZE, CKA_GOSTR3410_PARAMS, CKA_GOSTR3411_PARAMS, type ParamSet } from "../gost.ts";

export interface Module {
  readonly p: P.PKCS11;
  /** C_Finalize and unload. */
  close(): void;
}

/**
 * Loads the soft token for state directory `dir`. The module reads KEP_SOFTTOKEN_DIR in
 * C_Initialize, and one process can have only one initialised instance at a time.
 */
export function openModule(dir: string, lib: string = buildSofttoken()): Module {
  process.env["KEP_SOFTTOKEN_DIR"] = dir;
  const p = new pkcs11js.PKCS11();
  p.load(lib);
  p.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  return {
    p,
    close() {
      p.C_Finalize();
      p.close();
    },
  };
}

export interface TokenPins {
  label: string;
  soPin: string;
  pin: string;
}

export const DEFAULT_PINS: TokenPins = { label: "KEP TEST TOKEN", soPin: "87654321", pin: "12345678" };

export function slotHandle(p: P.PKCS11, slot: number): P.Handle {
  const handle = p.C_GetSlotList(false)[slot];
  if (!handle) throw new Error(`no slot ${slot}`);
  return handle;
}

/** C_InitToken + C_InitPIN, as a token vendor's formatting tool does. */
export function initToken(p: P.PKCS11, slot: P.Handle, pins: TokenPins = DEFAULT_PINS): void {
  p.C_InitToken(slot, pins.soPin, pins.label.padEnd(32, " "));
  const session = p.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  try {
    p.C_Login(session, pkcs11js.CKU_SO, pins.soPin);
    p.C_InitPIN(session, pins.pin);
    p.C_Logout(session);
  } finally {
    p.C_CloseSession(session);
  }
}

/** A read-write session logged in as the user. */
export function userSession(p: P.PKCS11, slot: P.Handle, pin: string = DEFAULT_PINS.pin): P.Handle {
  const session = p.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  p.C_Login(session, pkcs11js.CKU_USER, pin);
  return session;
}

export interface KeyPair {
  readonly publicKey: P.Handle;
  readonly privateKey: P.Handle;
  /** Public CKA_VALUE: LE(x)||LE(y). */
  readonly value: Buffer;
  readonly id: Buffer;
}

function keyAttributes(ps: ParamSet, id: Buffer, label: string): P.Template {
  return [
    { type: pkcs11js.CKA_KEY_TYPE, value: BY_SIZE[ps.bits].keyType },
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_ID, value: id },
    { type: pkcs11js.CKA_LABEL, value: label },
    { type: CKA_GOSTR3410_PARAMS, value: oid(ps.oid) },
    { type: CKA_GOSTR3411_PARAMS, value: oid(BY_SIZE[ps.bits].digestOid) },
  ];
}

export function generateKeyPair(p: P.PKCS11, session: P.Handle, ps: ParamSet, opts: { id?: Buffer; label?: string } = {}): KeyPair {
  const id = opts.id ?? randomBytes(16);
  const label = opts.label ?? "";
  const common = keyAttributes(ps, id, label);
  const keys = p.C_GenerateKeyPair(
    session,
    { mechanism: BY_SIZE[ps.bits].keyGen },
    [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
      ...common,
      { type: pkcs11js.CKA_PRIVATE, value: false },
      { type: pkcs11js.CKA_VERIFY, value: true },
    ],
    [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
      ...common,
      { type: pkcs11js.CKA_PRIVATE, value: true },
      { type: pkcs11js.CKA_SIGN, value: true },
      { type: pkcs11js.CKA_SENSITIVE, value: true },
      { type: pkcs11js.CKA_EXTRACTABLE, value: false },
    ],
  );
  const value = readValue(p, session, keys.publicKey);
  return { publicKey: keys.publicKey, privateKey: keys.privateKey, value, id };
}

/** Imports a key pair made elsewhere: `scalar` is the private key, little-endian (docs/gost-pkcs11.md#byte-order). */
export function importKeyPair(p: P.PKCS11, session: P.Handle, ps: ParamSet, scalar: Buffer, value: Buffer, opts: { id: Buffer; label: string }): KeyPair {
  const common = keyAttributes(ps, opts.id, opts.label);
  const privateKey = p.C_CreateObject(session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
    ...common,
    { type: pkcs11js.CKA_PRIVATE, value: true },
    { type: pkcs11js.CKA_SIGN, value: true },
    { type: pkcs11js.CKA_SENSITIVE, value: true },
    { type: pkcs11js.CKA_VALUE, value: scalar },
  ]);
  const publicKey = p.C_CreateObject(session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
    ...common,
    { type: pkcs11js.CKA_PRIVATE, value: false },
    { type: pkcs11js.CKA_VERIFY, value: true },
    { type: pkcs11js.CKA_VALUE, value },
  ]);
  return { publicKey, privateKey, value, id: opts.id };
}

export function readValue(p: P.PKCS11, session: P.Handle, object: P.Handle): Buffer {
  const [attr] = p.C_GetAttributeValue(session, object, [{ type: pkcs11js.CKA_VALUE }]);
  if (!attr?.value || !Buffer.isBuffer(attr.value)) throw new Error("object has no CKA_VALUE");
  return attr.value;
}

export function importCertificate(p: P.PKCS11, session: P.Handle, der: Buffer, opts: { id: Buffer; label: string }): P.Handle {
  const { subject, issuer, serial } = certificateFields(der);
  return p.C_CreateObject(session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
    { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
    { type: pkcs11js.CKA_CERTIFICATE_CATEGORY, value: 1 },
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_PRIVATE, value: false },
    { type: pkcs11js.CKA_ID, value: opts.id },
    { type: pkcs11js.CKA_LABEL, value: opts.label },
    { type: pkcs11js.CKA_SUBJECT, value: subject },
    { type: pkcs11js.CKA_ISSUER, value: issuer },
    { type: pkcs11js.CKA_SERIAL_NUMBER, value: serial },
    { type: pkcs11js.CKA_VALUE, value: der },
  ]);
}

export function findObjects(p: P.PKCS11, session: P.Handle, template: P.Template = []): P.Handle[] {
  p.C_FindObjectsInit(session, template);
  try {
    return p.C_FindObjects(session, 1000);
  } finally {
    p.C_FindObjectsFinal(session);
  }
}

export function sign(p: P.PKCS11, session: P.Handle, key: P.Handle, mechanism: number, data: Buffer): Buffer {
  p.C_SignInit(session, { mechanism }, key);
  return p.C_Sign(session, data, Buffer.alloc(128));
}

export function digest(p: P.PKCS11, session: P.Handle, bits: 256 | 512, data: Buffer): Buffer {
  p.C_DigestInit(session, { mechanism: BY_SIZE[bits].digest });
  return p.C_Digest(session, data, Buffer.alloc(64));
}
