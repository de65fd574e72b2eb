export * from "./version.ts";
export * from "./doctor.ts";
export * from "./errors.ts";
export * from "./kep-error.ts";
export * from "./limits.ts";
export * from "./schemas.ts";
export * from "./split.ts";
