import { oidName, KEY_PURPOSES, POLICIES } from "../../../../../shared/x509/index.ts";
import { CadesObject } from "../async-proxy.ts";
import { MutableCollection } from "../collection.ts";
import { invalidArg } from "../errors.ts";

/** X509Enrollment.CObjectId: an OID the page names by value. */
export class CObjectId extends CadesObject {
  #value = "";

  InitializeFromValue(value: string): void {
    if (typeof value !== "string" || !/^\d+(\.\d+)+$/.test(value)) throw invalidArg(`Неверный OID "${String(value)}"`);
    this.#value = value;
  }

  get Value(): string {
    return this.#value;
  }

  get FriendlyName(): string {
    return oidName({ ...KEY_PURPOSES, ...POLICIES }, this.#value);
  }

  /** For the other enrollment objects: the OID, which must have been set. */
  oid(): string {
    if (!this.#value) throw invalidArg("OID не задан");
    return this.#value;
  }
}

/** X509Enrollment.CObjectIds: a list of CObjectId for the EKU extension. */
export class CObjectIds extends MutableCollection<CObjectId> {
  constructor() {
    super((x): x is CObjectId => x instanceof CObjectId, "CObjectId");
  }
}
