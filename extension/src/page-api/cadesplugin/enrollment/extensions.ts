import { EXTENSIONS } from "../../../../../shared/x509/oids.ts";
import { integerNumber } from "../../../../../shared/pkix/der-values.ts";
import { decodeDerString } from "../../../../../shared/pkix/strings.ts";
import type { PageCsrRequest } from "../../backend.ts";
import { CadesObject } from "../async-proxy.ts";
import { MutableCollection } from "../collection.ts";
import { CERTENROLL } from "../constants.ts";
import { invalidArg, notImplemented } from "../errors.ts";
import { decodeBytes } from "./encoded-string.ts";
import { CObjectId, CObjectIds } from "./object-id.ts";

export type CsrExtensions = NonNullable<PageCsrRequest["extensions"]>;

/**
 * The CertEnroll extension objects. The host builds the request's extensions itself from
 * named fields (createCsr), so each object records what it means rather than DER; an
 * extension the host cannot express is refused when added, not silently dropped.
 */
export abstract class RequestExtension extends CadesObject {
  abstract applyTo(extensions: CsrExtensions): void;
}

/** X509Enrollment.CX509ExtensionKeyUsage: InitializeEncode(X509KeyUsageFlags). */
export class CX509ExtensionKeyUsage extends RequestExtension {
  #usages: string[] = [];

  InitializeEncode(flags: number): void {
    if (!Number.isInteger(flags)) throw invalidArg("Неверные флаги KeyUsage");
    this.#usages = CERTENROLL.keyUsageFlags.filter(([, bit]) => flags & bit).map(([name]) => name);
  }

  applyTo(extensions: CsrExtensions): void {
    extensions.keyUsage = this.#usages;
  }
}

/** X509Enrollment.CX509ExtensionEnhancedKeyUsage: InitializeEncode(CObjectIds). */
export class CX509ExtensionEnhancedKeyUsage extends RequestExtension {
  #oids: string[] = [];

  InitializeEncode(ids: unknown): void {
    if (!(ids instanceof CObjectIds)) throw invalidArg("Ожидался объект CObjectIds");
    this.#oids = ids.values().map((id) => id.oid());
  }

  applyTo(extensions: CsrExtensions): void {
    extensions.extendedKeyUsage = this.#oids;
  }
}

/** X509Enrollment.CCertificatePolicy: Initialize(CObjectId); qualifiers are not carried. */
export class CCertificatePolicy extends CadesObject {
  #oid = "";

  Initialize(id: unknown): void {
    if (!(id instanceof CObjectId)) throw invalidArg("Ожидался объект CObjectId");
    this.#oid = id.oid();
  }

  oid(): string {
    if (!this.#oid) throw invalidArg("Политика не задана");
    return this.#oid;
  }
}

export class CCertificatePolicies extends MutableCollection<CCertificatePolicy> {
  constructor() {
    super((x): x is CCertificatePolicy => x instanceof CCertificatePolicy, "CCertificatePolicy");
  }
}

/** X509Enrollment.CX509ExtensionCertificatePolicies: InitializeEncode(CCertificatePolicies). */
export class CX509ExtensionCertificatePolicies extends RequestExtension {
  #oids: string[] = [];

  InitializeEncode(policies: unknown): void {
    if (!(policies instanceof CCertificatePolicies)) throw invalidArg("Ожидался объект CCertificatePolicies");
    this.#oids = policies.values().map((p) => p.oid());
  }

  applyTo(extensions: CsrExtensions): void {
    extensions.policies = this.#oids;
  }
}

/**
 * X509Enrollment.CX509Extension: Initialize(CObjectId, encoding, value) with a raw DER
 * extnValue. The two Russian extensions pages add this way are understood:
 * subjectSignTool (UTF8String) and identificationKind (INTEGER 0..3).
 */
export class CX509Extension extends RequestExtension {
  #apply: ((extensions: CsrExtensions) => void) | null = null;

  Initialize(id: unknown, encoding: number, value: string): void {
    if (!(id instanceof CObjectId)) throw invalidArg("Ожидался объект CObjectId");
    const oid = id.oid();
    const der = decodeBytes(value, encoding);
    if (oid === EXTENSIONS.subjectSignTool) {
      const tool = decodeDerString(der);
      if (tool.startsWith("#")) throw invalidArg("subjectSignTool должен быть строкой");
      this.#apply = (e) => (e.subjectSignTool = tool);
    } else if (oid === EXTENSIONS.identificationKind) {
      let kind: number | undefined;
      try {
        kind = integerNumber(der);
      } catch {
        kind = undefined;
      }
      if (kind !== 0 && kind !== 1 && kind !== 2 && kind !== 3) throw invalidArg("identificationKind должен быть 0..3");
      this.#apply = (e) => (e.identificationKind = kind);
    } else {
      throw notImplemented(`Расширение ${oid}`);
    }
  }

  applyTo(extensions: CsrExtensions): void {
    if (!this.#apply) throw invalidArg("Расширение не инициализировано");
    this.#apply(extensions);
  }
}

/** The request's X509Extensions collection. */
export class X509Extensions extends MutableCollection<RequestExtension> {
  constructor() {
    super((x): x is RequestExtension => x instanceof RequestExtension, "CX509Extension");
  }
}
