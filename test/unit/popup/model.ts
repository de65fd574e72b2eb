import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import type { KeyPair, TokenInfo } from "../../../shared/protocol/index.ts";
import { certificateDetails } from "../../../extension/src/background/certificate-details.ts";
import type { CertificateEntry, PopupModel, TokenEntry } from "../../../extension/src/messaging/popup-model.ts";

export const DAY = 86_400_000;
export const NOW = new Date("2026-11-23T12:00:00Z");

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** A real certificate (P-256, self-signed) ending `daysLeft` days and an hour after NOW, as base64 DER. */
export async function certificateDer(subject: string, daysLeft: number, notBeforeDays = -100): Promise<string> {
  const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: subject,
    notBefore: new Date(NOW.getTime() + notBeforeDays * DAY),
    notAfter: new Date(NOW.getTime() + daysLeft * DAY + 3_600_000),
    keys,
    signingAlgorithm: alg,
  });
  return Buffer.from(cert.rawData).toString("base64");
}

/** A certificate entry as the background sends it: parsed with the background's own code. */
export function entry(thumbChar: string, der: string, keyId: string | null, over: Partial<CertificateEntry> = {}): CertificateEntry {
  return {
    thumbprint: thumbChar.repeat(40),
    id: keyId ?? "",
    label: `label ${thumbChar}`,
    der,
    key: keyId === null ? null : { id: keyId, by: "both", idMismatch: false },
    details: certificateDetails(der),
    ...over,
  };
}

export function keyPair(id: string, certificates: string[], over: Partial<KeyPair> = {}): KeyPair {
  return {
    id,
    label: `key ${id}`,
    keyType: "GOSTR3410",
    paramSet: null,
    digestParams: null,
    publicKey: "A".repeat(88),
    hasPublicKey: true,
    hasPrivateKey: null,
    certificates,
    ...over,
  };
}

export const tokenInfo = (over: Partial<TokenInfo> = {}): TokenInfo => ({
  module: "/usr/lib/librtpkcs11ecp.so",
  slotId: "0",
  slotDescription: "",
  serial: "3a5f0c21",
  label: "Рутокен Иванова",
  manufacturer: "Aktiv Co.",
  model: "Rutoken ECP",
  hardwareVersion: "20.0",
  firmwareVersion: "23.2",
  memory: { totalPublic: 65536, freePublic: 40000, totalPrivate: 65536, freePrivate: 40000 },
  pin: { initialized: true, countLow: false, finalTry: false, locked: false, mustChange: false },
  initialized: true,
  loginRequired: true,
  protectedAuthenticationPath: false,
  writeProtected: false,
  ...over,
});

export function model(tokens: Partial<TokenEntry>[], over: Partial<PopupModel> = {}): PopupModel {
  return {
    host: { name: "kep-bridge-host", version: "0.1.0" },
    modules: [{ path: "/usr/lib/librtpkcs11ecp.so", name: "Rutoken", loaded: true }],
    tokens: tokens.map((t) => ({ token: tokenInfo(), loggedIn: false, certificates: [], keys: [], ...t })),
    unusable: [],
    warnDays: 60,
    revoked: [],
    backups: [],
    journal: [],
    ...over,
  };
}
