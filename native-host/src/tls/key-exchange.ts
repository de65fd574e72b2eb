/**
 * ClientKeyExchange of the GOST suites. The premaster secret is 32 random bytes, sent to the
 * server encrypted under a key agreed with the server certificate's key:
 * - CryptoPro suite (RFC 4357 §6, gost-engine pkey_GOST_ECcp_encrypt): KEK = VKO(·, UKM) with
 *   UKM the first 8 bytes of Streebog-256(client_random ‖ server_random), the secret wrapped by
 *   the CryptoPro key wrap with the TC26-Z S-box. The agreeing key is the client's static key
 *   on the token when the server asked for a certificate and the key is on the server key's
 *   curve (then the server needs no CertificateVerify), else an ephemeral one.
 * - RFC 9189 suites (§4.2.4): an ephemeral key, KEG with H = Streebog-256(client_random ‖
 *   server_random), and KExp15 under the suite's own cipher.
 */
import { randomBytes } from "node:crypto";
import { streebog256 } from "../../../shared/crypto/streebog.ts";
import { concat, littleEndianBigInt } from "./bytes.ts";
import type { TlsClientKey } from "./client-key.ts";
import { generateEphemeralKey } from "./crypto/ephemeral.ts";
import { GOST89_SBOXES } from "./crypto/gost89-sboxes.ts";
import { kuznyechik } from "./crypto/kuznyechik.ts";
import { keg } from "./crypto/keg.ts";
import { cryptoProKeyWrap, kexp15 } from "./crypto/key-wrap.ts";
import { magma } from "./crypto/magma.ts";
import { vko2012 } from "./crypto/vko.ts";
import { ctrOmacIvLength, type CtrOmacCipher } from "./ctr-omac-protection.ts";
import { derOf, PsKeyTransport, TlsGostKeyTransportBlob } from "./key-transport-asn1.ts";
import { ephemeralSpki, type GostPublicKey } from "./server-key.ts";

const SBOX = GOST89_SBOXES["tc26-z"];

export interface KeyExchange {
  /** The ClientKeyExchange body. */
  message: Uint8Array;
  premaster: Uint8Array;
  /** The client's static key made the agreement: the server expects no CertificateVerify. */
  staticKeyUsed: boolean;
}

export async function legacyKeyExchange(
  server: GostPublicKey,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
  staticKey: TlsClientKey | null,
): Promise<KeyExchange> {
  const premaster = new Uint8Array(randomBytes(32));
  const ukm = streebog256(concat(clientRandom, serverRandom)).slice(0, 8);
  const blob = new TlsGostKeyTransportBlob();
  const parameters = blob.keyBlob.transportParameters;
  let kek: Uint8Array;
  if (staticKey) {
    kek = await staticKey.deriveVko(server.raw, ukm);
  } else {
    const ephemeral = generateEphemeralKey(server.curve);
    // gost-engine agrees the KEK with Streebog-256 for 512-bit keys too.
    kek = vko2012(server.curve, ephemeral.scalar, server.point, littleEndianBigInt(ukm), 256);
    parameters.ephemeralPublicKey = ephemeralSpki(server, ephemeral.publicPoint);
  }
  const wrapped = cryptoProKeyWrap(kek, premaster, ukm, SBOX);
  kek.fill(0);
  blob.keyBlob.sessionEncryptedKey.encryptedKey = wrapped.encryptedKey.slice().buffer;
  blob.keyBlob.sessionEncryptedKey.macKey = wrapped.mac.slice().buffer;
  parameters.encryptionParamSet = SBOX.oid;
  parameters.ukm = ukm.slice().buffer;
  return { message: derOf(blob), premaster, staticKeyUsed: staticKey !== null };
}

export function gost2018KeyExchange(cipher: CtrOmacCipher, server: GostPublicKey, clientRandom: Uint8Array, serverRandom: Uint8Array): KeyExchange {
  const premaster = new Uint8Array(randomBytes(32));
  const h = streebog256(concat(clientRandom, serverRandom));
  const ephemeral = generateEphemeralKey(server.curve);
  const exportKeys = keg(server.curve, ephemeral.scalar, server.point, h);
  const blockCipher = cipher === "kuznyechik" ? kuznyechik : magma;
  // KEG gives K_EXP_MAC ‖ K_EXP_ENC.
  const psexp = kexp15(
    blockCipher(exportKeys.subarray(32, 64)),
    blockCipher(exportKeys.subarray(0, 32)),
    premaster,
    h.subarray(24, 24 + ctrOmacIvLength(cipher)),
  );
  exportKeys.fill(0);
  const transport = new PsKeyTransport();
  transport.psexp = psexp.slice().buffer;
  transport.ephemeralPublicKey = ephemeralSpki(server, ephemeral.publicPoint);
  transport.ukm = h.slice().buffer;
  return { message: derOf(transport), premaster, staticKeyUsed: false };
}
