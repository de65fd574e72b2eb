import { paramSetByOid, KEY_TYPES } from "../../../shared/algorithms/registry.ts";
import { KEY_ALGORITHM_NAMES, type KeyAlgorithmName } from "../../../shared/protocol/index.ts";
import { pkcs11Code } from "./constants.ts";

/** The key type of a token's key object, from its CKA_KEY_TYPE and parameter set (null: not read). */
export function keyAlgorithmOf(keyType: number | undefined, paramSet: string | null): KeyAlgorithmName | undefined {
  return KEY_ALGORITHM_NAMES.find(
    (name) => pkcs11Code(KEY_TYPES[name].pkcs11.keyType) === keyType && (paramSet === null || paramSetByOid(paramSet)?.keyType === name),
  );
}
