export { assembleCades, toBeSigned } from "./cades-bes.ts";
export { DIGESTS, digestOf } from "./digests.ts";
