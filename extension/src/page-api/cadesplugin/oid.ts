import { CadesObject } from "./async-proxy.ts";
import { CADES_CONSTANTS } from "./constants.ts";

/** CAPICOM's OID object: what PublicKey().Algorithm and an EKU's OID resolve to. */
export class CadesOid extends CadesObject {
  constructor(
    private readonly value: string,
    private readonly friendlyName: string,
  ) {
    super();
  }

  get Value(): string {
    return this.value;
  }

  get FriendlyName(): string {
    return this.friendlyName;
  }

  /** CAPICOM_OID; the shim names no OID specially. */
  get Name(): number {
    return CADES_CONSTANTS.CAPICOM_OID_OTHER;
  }
}
