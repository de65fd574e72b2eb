/**
 * The page the browser gets instead of the cabinet when the gateway cannot or will not serve it:
 * the shared error table's texts, Russian first, with the real host name and the mark that the
 * connection is GOST TLS through kep-bridge.
 */
import { describeError, type ErrorInfo } from "../../../shared/protocol/index.ts";

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The real host name and the mark that the connection is GOST TLS through kep-bridge, atop every page of the gateway's own. */
export const hostLine = (host: string) => `<p class="host">${escapeHtml(host)} · ГОСТ TLS через kep-bridge / GOST TLS through kep-bridge</p>`;

export const PAGE_STYLE =
  "body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em;color:#222}.host{color:#555}.en{color:#555;border-top:1px solid #ddd;margin-top:2em;padding-top:1em}code{color:#777}";

export function errorPage(error: ErrorInfo, host: string | undefined): string {
  const ru = describeError(error, "ru");
  const en = describeError(error, "en");
  const where = host === undefined ? "" : hostLine(host);
  return `<!doctype html>
<html lang="ru">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>kep-bridge: ${escapeHtml(ru.message)}</title>
<style>${PAGE_STYLE}</style></head>
<body data-error-code="${error.code}">
${where}
<h1>${escapeHtml(ru.message)}</h1>
<p>${escapeHtml(ru.hint)}</p>
<div class="en" lang="en"><h2>${escapeHtml(en.message)}</h2><p>${escapeHtml(en.hint)}</p></div>
<p><code>${error.code}</code></p>
</body>
</html>
`;
}
