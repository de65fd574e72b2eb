import { installCadesPlugin, installKepBridge } from "../page-api/index.ts";
import { postMessageBackend } from "./post-message-backend.ts";

/**
 * Runs in the page's own world at document_start on the allowed sites, before the site's
 * scripts: `window.cadesplugin` (the CryptoPro plug-in's async API) and `window.kepBridge`
 * exist by the time the site looks for them. Both talk to the extension only through
 * window messages that the isolated-world relay forwards.
 */
const backend = postMessageBackend(window);
// window.cadesplugin is itself the promise the site awaits; the plug-in handles its rejection.
void installCadesPlugin(window, backend);
installKepBridge(window, backend);
