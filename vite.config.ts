import { crx } from "@crxjs/vite-plugin";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";
import { manifestFor, type BrowserTarget } from "./extension/manifest.config.ts";
import { popupChunk } from "./extension/popup-chunks.ts";

/** `vite build` builds for Chrome-family browsers, `vite build --mode firefox` for Firefox. */
const OUTPUT: Record<BrowserTarget, { outDir: string; target: string }> = {
  chrome: { outDir: "../dist/extension", target: "chrome116" },
  firefox: { outDir: "../dist/extension-firefox", target: "firefox128" },
};

export default defineConfig(({ mode }) => {
  const browser: BrowserTarget = mode === "firefox" ? "firefox" : "chrome";
  return {
    root: "extension",
    publicDir: "public",
    plugins: [preact(), crx({ manifest: manifestFor(browser), browser })],
    build: {
      outDir: OUTPUT[browser].outDir,
      emptyOutDir: true,
      target: OUTPUT[browser].target,
      // Minified, the popup parses faster (measured: 217 → 180 ms to first full render with 48
      // certificates, 25.6 → 18.6 KiB gzip); source maps keep stack traces in reports readable.
      minify: true,
      sourcemap: true,
      // Every browser the manifest allows knows <link rel="modulepreload">: no polyfill script to load first.
      modulePreload: { polyfill: false },
      rollupOptions: {
        // Pages the manifest does not name as pages: the confirmation window opened by the background,
        // the page a GOST cabinet's address is redirected to while no gateway session runs.
        input: { consent: "src/consent/index.html", cabinet: "src/cabinet/index.html" },
        output: { codeSplitting: { groups: [{ name: popupChunk, debugName: "popup chunks" }] } },
      },
    },
    logLevel: "warn",
  };
});
