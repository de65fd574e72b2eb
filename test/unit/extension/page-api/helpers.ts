import { Buffer } from "node:buffer";
import { installCadesPlugin, type CadesPlugin } from "../../../../extension/src/page-api/index.ts";
import type { PageBackend } from "../../../../extension/src/page-api/backend.ts";
import type { World } from "./fake-backend.ts";

/** Page code sees plug-in objects untyped, exactly like pages do. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Async = any;

/** A cadesplugin installed on a fresh window-like object, so each test has its own. */
export function freshPlugin(backend: PageBackend): CadesPlugin {
  return installCadesPlugin({} as Window, backend);
}

/** `openssl cms -verify` against the test CA; returns the signed content openssl recovered. */
export function verifyCms(world: World, cmsBase64: string, detachedContent?: Uint8Array): Buffer {
  const { ssl } = world;
  const sig = ssl.write("verify.der", Buffer.from(cmsBase64, "base64"));
  const args = ["cms", "-verify", "-binary", "-inform", "DER", "-in", sig, "-CAfile", world.ca.pem, "-purpose", "any"];
  if (detachedContent) args.push("-content", ssl.write("verify-content.bin", detachedContent));
  return ssl.run(args);
}

export function utf16le(text: string): Buffer {
  return Buffer.from(text, "utf16le");
}

export function gostDigest(world: World, data: Uint8Array, bits: 256 | 512): string {
  const file = world.ssl.write("digest.bin", data);
  const out = world.ssl.run(["dgst", `-md_gost12_${bits}`, "-r", file]).toString();
  return out.split(" ")[0]!.toUpperCase();
}
