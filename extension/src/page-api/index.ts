/** Page-side APIs, installed by the MAIN-world content script over a PageBackend. */
export { installCadesPlugin, type CadesPlugin, type InstallOptions } from "./cadesplugin/install.ts";
export { PROG_IDS } from "./cadesplugin/create-object.ts";
export {
  installKepBridge,
  createKepBridge,
  KEP_BRIDGE_VERSION,
  type KepBridge,
  type KepBridgeBytes,
  type KepBridgeCertificate,
  type KepBridgeSignRequest,
} from "./kep-bridge-api.ts";
export { HRESULT, PageError, type PageBackend } from "./backend.ts";
