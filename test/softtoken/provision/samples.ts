/**
 * Sample content for demos and tests: GOST key pairs on the soft token with FNS-shaped TEST
 * certificates (same CKA_ID on key pair and certificate, as real provisioning software does).
 */
import type * as P from "pkcs11js";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { paramSet, type ParamSet } from "../gost.ts";
import { createSofttokenDir, type SofttokenDirOptions } from "../harness.ts";
import { spkiFromTokenValue } from "../spki.ts";
import { loadOrCreateTestCa, type TestCa } from "./ca.ts";
import { innLegal, innPerson, ogrn, ogrnip, snils } from "./checkdigits.ts";
import { certificateSummary } from "./certinfo.ts";
import { assembleCertificate, fnsValidity, subjectName, tbsCertificate, type Organisation, type Person } from "./fns.ts";
import { openssl } from "./openssl.ts";
import { opensslKeyMaterial } from "./openssl-key.ts";
import { DEFAULT_PINS, generateKeyPair, importCertificate, importKeyPair, initToken, openModule, slotHandle, userSession, type TokenPins } from "./token.ts";

export interface SampleCertificate {
  readonly label: string;
  /** CKA_ID (hex) shared by the certificate and its key pair. */
  readonly id: string;
  readonly subjectCommonName: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Whether the private key is on the token. */
  readonly keyOnToken: boolean;
  readonly paramSet: string;
  readonly der: Buffer;
}

export interface SampleToken {
  readonly dir: string;
  readonly pins: TokenPins;
  /** The TEST CA certificate (DER and PEM) all samples chain to. */
  readonly caDer: Buffer;
  readonly caPem: string;
  readonly certificates: readonly SampleCertificate[];
}

const ADDRESS = { region: "77 Москва", locality: "г. Москва", street: "ул. Тестовая, д. 1 (TEST)" };
const DAY = 86_400_000;

const PEOPLE: Record<"fl" | "ip" | "ul", { person: Person; org?: Organisation }> = {
  fl: {
    person: {
      surname: "Тестов",
      givenNames: "Тест Тестович",
      inn: innPerson("7700000001"),
      snils: snils("100200300"),
      email: "testov@kep-bridge.invalid",
    },
  },
  ip: {
    person: {
      surname: "Образцова",
      givenNames: "Проба Тестовна",
      inn: innPerson("7700000002"),
      snils: snils("100200301"),
      ogrnip: ogrnip("31977000000000"),
    },
  },
  ul: {
    person: { surname: "Пробный", givenNames: "Директор Тестович", inn: innPerson("7700000003"), snils: snils("100200302") },
    org: { name: 'ООО "ТЕСТОВАЯ ОРГАНИЗАЦИЯ (TEST)"', title: "ГЕНЕРАЛЬНЫЙ ДИРЕКТОР", innle: innLegal("770000000"), ogrn: ogrn("102770000000") },
  },
};

interface IssueInput {
  ca: TestCa;
  who: keyof typeof PEOPLE;
  publicValue: Buffer;
  ps: ParamSet;
  notBefore: Date;
}

function issue(input: IssueInput): Buffer {
  const { person, org } = PEOPLE[input.who];
  const validity = fnsValidity(input.notBefore);
  const tbs = tbsCertificate({
    issuer: input.ca.name,
    subject: subjectName(person, ADDRESS, org),
    spki: spkiFromTokenValue(input.publicValue, input.ps),
    subjectKey: input.publicValue,
    issuerKey: input.ca.publicValue,
    notBefore: validity.notBefore,
    notAfter: validity.notAfter,
    ca: false,
  });
  return assembleCertificate(tbs, input.ca.sign(tbs));
}

function describeSample(label: string, id: Buffer, ps: ParamSet, der: Buffer, keyOnToken: boolean): SampleCertificate {
  const summary = certificateSummary(der);
  return {
    label,
    id: id.toString("hex"),
    subjectCommonName: summary.commonName,
    notBefore: summary.notBefore,
    notAfter: summary.notAfter,
    keyOnToken,
    paramSet: ps.name,
    der,
  };
}

function withUserSession<T>(dir: string, slot: number, pin: string, body: (p: P.PKCS11, session: P.Handle) => T): T {
  const module = openModule(dir);
  try {
    const session = userSession(module.p, slotHandle(module.p, slot), pin);
    return body(module.p, session);
  } finally {
    module.close();
  }
}

/**
 * Imports one OpenSSL-made key pair (through C_CreateObject, LE scalar) plus an "old" FNS-shaped
 * certificate issued 13 months ago, so it expires in about two months: the reissue use case.
 * The token in `slot` must already be initialised.
 */
export function importSample(dir: string, opts: { slot?: number; pin?: string } = {}): SampleCertificate {
  const ca = loadOrCreateTestCa(dir);
  const ps = paramSet("CryptoPro-XchA");
  const work = mkdtempSync(join(tmpdir(), "kep-sample-"));
  try {
    const ossl = openssl(work);
    ossl.run(["genpkey", "-algorithm", "gost2012_256", "-pkeyopt", `paramset:${ps.openssl}`, "-out", "k.pem"]);
    const { value, scalar } = opensslKeyMaterial(ossl, "k.pem", ps);
    const notBefore = new Date(Date.now() - 395 * DAY);
    const der = issue({ ca, who: "ip", publicValue: value, ps, notBefore });
    const id = Buffer.from(value.subarray(0, 20));
    const label = "TEST old certificate (imported key)";
    withUserSession(dir, opts.slot ?? 0, opts.pin ?? DEFAULT_PINS.pin, (p, session) => {
      importKeyPair(p, session, ps, Buffer.from(scalar), Buffer.from(value), { id, label });
      importCertificate(p, session, der, { id, label });
    });
    return describeSample(label, id, ps, der, true);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface SampleTokenOptions extends Omit<SofttokenDirOptions, "dir"> {
  pins?: TokenPins;
  /** Module to load (default: the regular build). */
  lib?: string;
}

/**
 * Creates (or re-initialises) a token in slot 0 of `dir` with three certificates:
 * valid (key on token), expiring in 10 days (key on token), expired (certificate only).
 * Opens and closes the module itself; call it while no soft token module is open in this process.
 */
export function createSampleToken(dir: string, opts: SampleTokenOptions = {}): SampleToken {
  const { pins = DEFAULT_PINS, lib, ...dirOpts } = opts;
  if (!existsSync(join(dir, "softtoken.conf"))) {
    mkdirSync(dir, { recursive: true });
    createSofttokenDir({ capacity: 1 << 20, ...dirOpts, dir });
  }
  const ca = loadOrCreateTestCa(dir);
  const now = Date.now();
  const plan = [
    { label: "TEST valid", who: "fl", ps: paramSet("CryptoPro-XchA"), notBefore: new Date(now - 90 * DAY), keep: true },
    { label: "TEST expiring in 10 days", who: "ul", ps: paramSet("CryptoPro-A"), notBefore: fnsStartFor(new Date(now + 10 * DAY)), keep: true },
    { label: "TEST expired", who: "ip", ps: paramSet("TC26-256-B"), notBefore: fnsStartFor(new Date(now - 20 * DAY)), keep: false },
  ] as const;
  const module = lib === undefined ? openModule(dir) : openModule(dir, lib);
  try {
    const slot = slotHandle(module.p, 0);
    initToken(module.p, slot, pins);
    const session = userSession(module.p, slot, pins.pin);
    const certificates = plan.map((item) => {
      const pair = generateKeyPair(module.p, session, item.ps, { label: item.label });
      const der = issue({ ca, who: item.who, publicValue: pair.value, ps: item.ps, notBefore: item.notBefore });
      importCertificate(module.p, session, der, { id: pair.id, label: item.label });
      if (!item.keep) {
        module.p.C_DestroyObject(session, pair.privateKey);
        module.p.C_DestroyObject(session, pair.publicKey);
      }
      return describeSample(item.label, pair.id, item.ps, der, item.keep);
    });
    return { dir, pins, caDer: ca.der, caPem: ca.pem, certificates };
  } finally {
    module.close();
  }
}

/** The notBefore that makes an FNS-length certificate end at `notAfter`. */
function fnsStartFor(notAfter: Date): Date {
  const start = new Date(notAfter);
  start.setUTCMonth(start.getUTCMonth() - 15);
  start.setUTCMinutes(start.getUTCMinutes() - 10);
  return start;
}
