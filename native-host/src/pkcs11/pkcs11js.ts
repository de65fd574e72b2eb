/**
 * The host's one import of pkcs11js. Bundled, each module importing a CommonJS package gets
 * its own copy of the package's exports, and pkcs11js has 658 of them: twenty importers
 * spent ~4 ms of every host start copying constants.
 */
export { default } from "pkcs11js";
