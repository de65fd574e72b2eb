import { expect, test } from "vitest";
import { encodeOid } from "../../../shared/der.ts";
import { ATTRIBUTE_TYPES, KEY_PURPOSES, oidName, PARAM_SETS, POLICIES, SIGNATURE_ALGORITHMS } from "../../../shared/x509/index.ts";

test("names for display, with the OID itself when unknown", () => {
  expect(oidName(KEY_PURPOSES, "1.3.6.1.5.5.7.3.2")).toBe("clientAuth");
  expect(oidName(POLICIES, "1.2.643.100.113.2")).toBe("КС2");
  expect(oidName(PARAM_SETS, "1.2.643.2.2.36.0")).toBe("CryptoPro-XchA");
  expect(oidName(SIGNATURE_ALGORITHMS, "1.2.3")).toBe("1.2.3");
});

test("every table key is a well-formed OID (a typo would silently never match)", () => {
  const keys = [ATTRIBUTE_TYPES, KEY_PURPOSES, PARAM_SETS, POLICIES, SIGNATURE_ALGORITHMS].flatMap((t) => Object.keys(t));
  for (const oid of keys) {
    expect(oid).toMatch(/^[0-2](\.(0|[1-9]\d*))+$/);
    expect(() => encodeOid(oid)).not.toThrow();
  }
});

test("the Russian attribute names users know from CryptoPro", () => {
  expect(["1.2.643.3.131.1.1", "1.2.643.100.4", "1.2.643.100.1", "1.2.643.100.5", "1.2.643.100.3"].map((oid) => ATTRIBUTE_TYPES[oid]?.name)).toEqual([
    "ИНН",
    "ИНН ЮЛ",
    "ОГРН",
    "ОГРНИП",
    "СНИЛС",
  ]);
});
