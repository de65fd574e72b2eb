import { defineManifest } from "@crxjs/vite-plugin";
import pkg from "../package.json" with { type: "json" };
import { FIREFOX_ADDON_ID } from "../manifests/trusted-extensions.ts";
import { GATEWAY_SUFFIX, GOST_CABINETS } from "../shared/gost-cabinets.ts";
import { EXPLANATION_PAGE } from "./src/background/gateway-redirect-rules.ts";
import { DEFAULT_ALLOWED_ORIGINS } from "./src/background/origins.ts";

/** The browsers the extension is built for; each build is one output directory. */
export type BrowserTarget = "chrome" | "firefox";

// The GOST cabinets also at kep-bridge's gateway origin, on whatever port it runs (match patterns ignore ports);
// the background accepts only the port of the gateway running now.
const GATEWAY_SITES = GOST_CABINETS.map((c) => `http://${c.host}${GATEWAY_SUFFIX}/*`);
const SITES = [...DEFAULT_ALLOWED_ORIGINS.map((origin) => `${origin}/*`), ...GATEWAY_SITES];
const GOST_CABINET_SITES = GOST_CABINETS.map((c) => `https://${c.host}/*`);

/**
 * Development public key: it fixes the unpacked extension's id at
 * ndkcibfpbpclokaippfdmhggipaeolnm, the id the host manifest trusts. Store builds drop
 * this key and get the store's id, which must then be added to manifests' trusted list.
 */
const DEV_KEY =
  "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA7XaB1sK59TytOMOKvsz22NY9O55gD2RL2GjpHILRd+f08qOfMYM/2HLwyjX65xX7aTSHa7eBrbIbVbOvuUv35SW8OMR4h91RL3rdCjzru9N7216Go2tNOnhJR8KhFxnvPPLzezombtOLygyvPgmK8LBSnAwxQlO/yhyLQHsgWpu71GrlmR1PSKkiyxSGU3p/6CYEEzzPWhRmJR+CTj87jC3wzAfyC/TSZYJX6fZxr3S8gtKiw5HUX49yziBimYVJ4nCBu/JJUQfPZAfDV8fTcZp7/ettDtZ3QOws+kcLFSbt9MxmgUHl2I5wVw5z6augpAf9dOQWZJetCYE0xCpWeQIDAQAB";

/**
 * Firefox 128 is the first with `world: "MAIN"` content scripts, which carry the page API
 * (it is also an ESR line, the one distributions ship). Since 127 an MV3 add-on's content
 * script hosts are granted at install, as in Chrome, rather than left for the user to allow;
 * storage.session (115), MV3 event pages and module background scripts came earlier.
 */
export const FIREFOX_MIN_VERSION = "128.0";

const BACKGROUND_ENTRY = "src/background/index.ts";

/**
 * Chrome runs the background as a service worker, Firefox as an event page; everything
 * else, including the pages and content scripts, is the same code in both.
 */
function browserSpecific(target: BrowserTarget) {
  if (target === "chrome") {
    return {
      key: DEV_KEY,
      minimum_chrome_version: "116",
      background: { service_worker: BACKGROUND_ENTRY, type: "module" as const },
    };
  }
  return {
    background: { scripts: [BACKGROUND_ENTRY], type: "module" as const },
    browser_specific_settings: {
      gecko: {
        id: FIREFOX_ADDON_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
        // Nothing leaves the user's machine except to the tax service's own pages the user opens.
        data_collection_permissions: { required: ["none" as const] },
      },
    },
  };
}

export function manifestFor(target: BrowserTarget) {
  return defineManifest({
    manifest_version: 3,
    name: "__MSG_extName__",
    short_name: "kep-bridge",
    description: "__MSG_extDescription__",
    version: pkg.version,
    default_locale: "ru",
    ...browserSpecific(target),
    // declarativeNetRequestWithHostAccess acts only where host permissions reach: the GOST cabinets'
    // https addresses (redirected to the gateway or the explanation page) and the gateway's own pages,
    // the initiator of the cabinet's scripts and XHR (extension/src/background/gateway-redirect-rules.ts).
    permissions: ["nativeMessaging", "storage", "alarms", "notifications", "declarativeNetRequestWithHostAccess"],
    host_permissions: [...GOST_CABINET_SITES, ...GATEWAY_SITES],
    // The gateway's pages too: after a session ends, the cabinet's absolute links on a page still
    // open lead there, and Firefox follows a redirect to an extension page only for an initiator it is accessible to.
    web_accessible_resources: [{ resources: [EXPLANATION_PAGE.slice(1)], matches: [...GOST_CABINET_SITES, ...GATEWAY_SITES] }],
    icons: { "16": "icons/icon-16.png", "32": "icons/icon-32.png", "48": "icons/icon-48.png", "128": "icons/icon-128.png" },
    options_ui: { page: "src/options/index.html", open_in_tab: true },
    // MV3's default policy plus WebAssembly, for the Streebog engine that hashes what the user
    // is asked to sign (shared/crypto/streebog-wasm.ts); no eval of scripts is allowed.
    content_security_policy: { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'" },
    content_scripts: [
      // The relay must listen before the page script sends its first call.
      { matches: SITES, js: ["src/content/bridge.iife.ts"], run_at: "document_start" },
      { matches: SITES, js: ["src/content/page-main.iife.ts"], run_at: "document_start", world: "MAIN" },
      { matches: SITES, js: ["src/content/assistant.tsx"], run_at: "document_idle" },
    ],
    action: {
      default_popup: "src/popup/index.html",
      default_title: "__MSG_extName__",
      default_icon: { "16": "icons/icon-16.png", "32": "icons/icon-32.png" },
    },
  });
}
