import { randomBytes } from "node:crypto";
import pkcs11js from "../pkcs11/pkcs11js.ts";
import { digestOf, KEY_TYPES, paramSetByOid } from "../../../shared/algorithms/registry.ts";
import { encodeOid } from "../../../shared/der.ts";
import { KepError, type RequestOf, type ResultOf, type TokenRef } from "../../../shared/protocol/index.ts";
import { readAttributes } from "../pkcs11/attributes.ts";
import { pkcs11Code } from "../pkcs11/constants.ts";
import { generateAllowingDerive } from "../pkcs11/generate-with-derive.ts";
import type { Pkcs11Module } from "../pkcs11/module.ts";
import { readKey } from "../tokens/inventory.ts";
import { pairObjects } from "../tokens/list-objects.ts";
import type { TokenSessions } from "../tokens/sessions.ts";

/**
 * CKA_ID convention: 20 random bytes, shared by the public key, the private key and
 * later the certificate (writeCertificate copies the pair's CKA_ID onto it), so software
 * that pairs by CKA_ID — CryptoPro, the Rutoken plug-in, browsers — finds them together.
 * Random rather than a hash of the public key because the id must be in the template
 * before the key exists, and some tokens refuse to change CKA_ID afterwards.
 */
const ID_BYTES = 20;

function defaultLabel(now = new Date()): string {
  return `kep-bridge ${now.toISOString().slice(0, 10)}`;
}

const flag = (value: Buffer | undefined) => value?.[0] === 1;

export async function generateKeyPair(
  sessions: TokenSessions,
  module: Pkcs11Module,
  request: Pick<RequestOf<"generateKeyPair">, "token" | "algorithm" | "paramSet" | "label">,
): Promise<ResultOf<"generateKeyPair">> {
  const algorithm = KEY_TYPES[request.algorithm];
  const paramSet = request.paramSet ?? algorithm.defaultParamSet;
  if (paramSetByOid(paramSet)?.keyType !== request.algorithm) {
    throw new KepError("BAD_REQUEST", `parameter set ${paramSet} does not belong to ${request.algorithm}`);
  }
  const token: TokenRef = request.token;
  const id = randomBytes(ID_BYTES);
  const label = request.label ?? defaultLabel();
  const isGost = algorithm.boundToDigest;
  const mechanism = { mechanism: pkcs11Code(algorithm.pkcs11.generate) };
  const params = isGost
    ? [
        { type: pkcs11js.CKA_GOSTR3410_PARAMS, value: Buffer.from(encodeOid(paramSet)) },
        { type: pkcs11js.CKA_GOSTR3411_PARAMS, value: Buffer.from(encodeOid(digestOf(request.algorithm).oid)) },
      ]
    : [{ type: pkcs11js.CKA_EC_PARAMS, value: Buffer.from(encodeOid(paramSet)) }];
  const common = [
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11Code(algorithm.pkcs11.keyType) },
    { type: pkcs11js.CKA_ID, value: id },
    { type: pkcs11js.CKA_LABEL, value: label },
  ];
  // The private key's params go in both templates as pkcs11-tool does; JaCarta rejects
  // CKA_MODIFIABLE and CKA_UNWRAP, so neither is sent (docs/gost-pkcs11.md#key-templates).
  const publicTemplate = [
    ...common,
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
    { type: pkcs11js.CKA_PRIVATE, value: false },
    { type: pkcs11js.CKA_VERIFY, value: true },
    ...params,
  ];
  const privateTemplate = [
    ...common,
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
    { type: pkcs11js.CKA_PRIVATE, value: true },
    { type: pkcs11js.CKA_SIGN, value: true },
    { type: pkcs11js.CKA_SENSITIVE, value: true },
    { type: pkcs11js.CKA_EXTRACTABLE, value: false },
    ...(isGost ? params : []),
  ];
  return sessions.withSession(module, token, "generate key pair", ({ lib, session }) => {
    // GOST keys may also serve GOST TLS client authentication, which agrees keys with the token
    // key (VKO); the certificate request profile does not depend on it.
    const keys =
      algorithm.pkcs11.derive === null
        ? lib.C_GenerateKeyPair(session, mechanism, publicTemplate, privateTemplate)
        : generateAllowingDerive(lib, session, mechanism, publicTemplate, privateTemplate);
    const attrs = readAttributes(lib, session, keys.privateKey, [
      pkcs11js.CKA_SENSITIVE,
      pkcs11js.CKA_EXTRACTABLE,
      pkcs11js.CKA_NEVER_EXTRACTABLE,
      pkcs11js.CKA_LOCAL,
    ]);
    const privateKey = {
      sensitive: flag(attrs.get(pkcs11js.CKA_SENSITIVE)),
      extractable: flag(attrs.get(pkcs11js.CKA_EXTRACTABLE)),
      neverExtractable: flag(attrs.get(pkcs11js.CKA_NEVER_EXTRACTABLE)),
      local: flag(attrs.get(pkcs11js.CKA_LOCAL)),
    };
    if (!privateKey.sensitive || privateKey.extractable) {
      // A token that ignored our template must not keep a key the user believes is protected.
      lib.C_DestroyObject(session, keys.privateKey);
      lib.C_DestroyObject(session, keys.publicKey);
      throw new KepError("INTERNAL", "the token created an extractable private key; it was deleted");
    }
    const raw = [readKey(lib, session, keys.publicKey, false), readKey(lib, session, keys.privateKey, true)];
    const [key] = pairObjects(raw, [], true).keys;
    return { key: key!, privateKey };
  });
}
