/**
 * The "second try" of key generation without CKA_DERIVE. No token here refuses the attribute (the
 * soft token and SoftHSM2 accept it), so a stand-in plays one that does, the way JaCarta-style
 * strict templates fail; everything else about generation is tested on real tokens.
 */
import { describe, expect, it } from "vitest";
import pkcs11js from "pkcs11js";
import { generateAllowingDerive } from "../../../native-host/src/pkcs11/generate-with-derive.ts";

class Refusal extends Error {
  constructor(readonly code: number) {
    super(`CKR 0x${code.toString(16)}`);
  }
}

/** Records each C_GenerateKeyPair template; throws `refusal` whenever CKA_DERIVE is asked for. */
function token(refusal?: number) {
  const calls: pkcs11js.Template[] = [];
  const lib = {
    C_GenerateKeyPair(_session: pkcs11js.Handle, _mechanism: pkcs11js.Mechanism, _pub: pkcs11js.Template, priv: pkcs11js.Template): pkcs11js.KeyPair {
      calls.push(priv);
      if (refusal !== undefined && priv.some((a) => a.type === pkcs11js.CKA_DERIVE)) throw new Refusal(refusal);
      return { publicKey: Buffer.from([1]), privateKey: Buffer.from([2]) };
    },
  } as unknown as pkcs11js.PKCS11;
  return { lib, calls };
}

const session = Buffer.from([9]);
const mechanism = { mechanism: pkcs11js.CKM_GOSTR3410_KEY_PAIR_GEN };
const priv: pkcs11js.Template = [{ type: pkcs11js.CKA_SIGN, value: true }];

describe("generateAllowingDerive", () => {
  it("asks for CKA_DERIVE on the private key", () => {
    const { lib, calls } = token();
    expect(generateAllowingDerive(lib, session, mechanism, [], priv).privateKey).toEqual(Buffer.from([2]));
    expect(calls).toEqual([[...priv, { type: pkcs11js.CKA_DERIVE, value: true }]]);
  });

  it.each([
    ["CKR_ATTRIBUTE_TYPE_INVALID", 0x12],
    ["CKR_ATTRIBUTE_VALUE_INVALID", 0x13],
    ["CKR_TEMPLATE_INCOMPLETE", 0xd0],
    ["CKR_TEMPLATE_INCONSISTENT", 0xd1],
  ])("retries without it when the token refuses the template with %s", (_name, code) => {
    const { lib, calls } = token(code);
    expect(generateAllowingDerive(lib, session, mechanism, [], priv).privateKey).toEqual(Buffer.from([2]));
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual(priv);
  });

  it("does not retry on anything else: a full token stays a full token", () => {
    const { lib, calls } = token(0x31);
    expect(() => generateAllowingDerive(lib, session, mechanism, [], priv)).toThrow("CKR 0x31");
    expect(calls).toHaveLength(1);
  });
});
