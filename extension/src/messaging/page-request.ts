import * as v from "valibot";
import { KEY_ALGORITHM_NAMES, Thumbprint } from "../../../shared/protocol/index.ts";

/**
 * The page channel's requests, typed once: the page script names a request by its kind,
 * the bridge forwards it, and the background validates it against this schema. Byte
 * arrays arrive decoded (page-transport.ts).
 */
const Bytes = v.instance(Uint8Array);
const Digest = v.pipe(
  Bytes,
  v.check((d) => d.length === 32 || d.length === 64, "digest must be 32 or 64 bytes"),
);
const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const Oid = v.pipe(v.string(), v.regex(/^\d+(?:\.\d+)+$/), v.maxLength(128));
const Subject = v.pipe(
  v.record(v.string(), Text(200)),
  v.check((s) => typeof s.commonName === "string", "commonName is required"),
);

/** Every call a page makes, validated in the background: the page is untrusted input like any other. */
export const PageRequestSchema = v.variant("kind", [
  v.object({ kind: v.literal("about"), params: v.unknown() }),
  v.object({ kind: v.literal("listCertificates"), params: v.unknown() }),
  v.object({ kind: v.literal("listRoots"), params: v.unknown() }),
  v.object({
    kind: v.literal("sign"),
    params: v.object({
      thumbprint: Thumbprint,
      detached: v.boolean(),
      content: v.optional(Bytes),
      digest: v.optional(Digest),
    }),
  }),
  v.object({ kind: v.literal("signHash"), params: v.object({ thumbprint: Thumbprint, digest: Digest }) }),
  v.object({
    kind: v.literal("generateKey"),
    params: v.object({ algorithm: v.picklist(KEY_ALGORITHM_NAMES), paramSet: v.optional(Oid), subject: v.optional(Subject) }),
  }),
  v.object({
    kind: v.literal("createRequest"),
    params: v.object({
      keyRef: v.pipe(v.string(), v.uuid()),
      subject: Subject,
      extensions: v.optional(
        v.object({
          keyUsage: v.optional(v.array(Text(32))),
          extendedKeyUsage: v.optional(v.array(Oid)),
          policies: v.optional(v.array(Oid)),
          subjectSignTool: v.optional(Text(200)),
          identificationKind: v.optional(v.picklist([0, 1, 2, 3])),
        }),
      ),
    }),
  }),
  v.object({ kind: v.literal("installCertificate"), params: v.object({ der: Bytes }) }),
]);
export type PageRequest = v.InferOutput<typeof PageRequestSchema>;
export type PageKind = PageRequest["kind"];
