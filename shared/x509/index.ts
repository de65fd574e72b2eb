export { certificateInfo, parseCertificate } from "./parse.ts";
export { certificateFromFile } from "./certificate-file.ts";
export { issuerNameOf, ownerOf } from "./owner.ts";
export { certificateParts, subjectPublicKeyRaw, type CertificateParts } from "./certificate-parts.ts";
export { CertificateParseError } from "./errors.ts";
export { certificateStatus, urgencyOf, URGENCY_DAYS, type CertificateStatus, type Urgency } from "./status.ts";
// Name tables, so the UI shows key purposes, policies and parameter sets the same way.
export { ATTRIBUTE_TYPES, KEY_PURPOSES, oidName, PARAM_SETS, POLICIES, SIGNATURE_ALGORITHMS } from "./oids.ts";
export type { CertificateInfo, IssuerSignTool, KnownIssuerId, NameAttribute, NameInfo, ProtectionClass, PublicKeyInfo } from "./types.ts";
