import { closeSync, openSync, readFileSync, readSync, writeFileSync } from "node:fs";
import { attachContent } from "../../../shared/pkix/cms-attach.ts";
import { signingAlgorithmOf } from "../../../shared/cms/document-digest.ts";
import { fromBase64, toHex } from "../../../shared/encoding.ts";
import { KepError, type KeyAlgorithmName } from "../../../shared/protocol/index.ts";
import { loadCms } from "../cms/load.ts";
import type { Args } from "./args.ts";
import type { CliContext } from "./context.ts";
import { invoke } from "./invoke.ts";
import { pick } from "./lang.ts";
import { loginToken, resolveToken } from "./token-ref.ts";

const READ_BYTES = 1024 * 1024;

/** A detached signature's file is read a piece at a time, so a file of any size needs memory for one piece. */
async function hashFile(algorithm: KeyAlgorithmName, path: string): Promise<{ digest: Uint8Array; size: number }> {
  const hasher = (await loadCms()).DIGESTS[algorithm].create();
  const fd = openSync(path, "r");
  const buffer = Buffer.alloc(READ_BYTES);
  let size = 0;
  try {
    for (let read; (read = readSync(fd, buffer, 0, READ_BYTES, null)) > 0; size += read) hasher.update(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return { digest: hasher.digest(), size };
}

/**
 * Signs a file as the extension signs a page's document: hashed here, where the bytes are,
 * then only the digest goes to signDigest; an attached signature gets the file afterwards.
 */
export async function signCommand(ctx: CliContext, args: Args): Promise<number> {
  const input = args.require("in");
  const detached = !args.has("attached");
  const output = args.get("out") ?? `${input}.sig`;
  const certificate = args.require("cert").toUpperCase();
  const token = await resolveToken(ctx, args.get("token"));
  const listed = (await invoke(ctx, "listObjects", { token })).certificates.find((c) => c.thumbprint === certificate);
  if (!listed) throw new KepError("CERT_NOT_FOUND", `no certificate ${certificate} on the token`);
  const algorithm = signingAlgorithmOf(fromBase64(listed.der));
  if (!algorithm) throw new KepError("BAD_REQUEST", `certificate ${certificate} has a key kep-bridge does not sign with`);
  await loginToken(ctx, token);
  const content = detached ? undefined : readFileSync(input);
  const { digest, size } = content ? { digest: (await loadCms()).digestOf(algorithm, content), size: content.length } : await hashFile(algorithm, input);
  const { cms } = await invoke(ctx, "signDigest", { token, certificate, digest: toHex(digest) });
  writeFileSync(output, content ? attachContent(fromBase64(cms), content) : fromBase64(cms));
  if (ctx.json) console.log(JSON.stringify({ output, digest: toHex(digest), size, detached }, null, 2));
  else
    console.log(
      pick(
        ctx.lang,
        `Подпись (${detached ? "открепленная" : "присоединённая"}) сохранена: ${output}`,
        `${detached ? "Detached" : "Attached"} signature saved: ${output}`,
      ),
    );
  return 0;
}
