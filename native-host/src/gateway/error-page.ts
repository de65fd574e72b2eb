/**
 * The page the browser gets instead of the cabinet when the gateway cannot or will not serve it:
 * the shared error table's texts, Russian first, with the real host name and the mark that the
 * connection is GOST TLS through kep-bridge.
 */
import { describeError, type ErrorInfo } from "../../../shared/protocol/index.ts";

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function errorPage(error: ErrorInfo, host: string | undefined): string {
  const ru = describeError(error, "ru");
  const en = describeError(error, "en");
  const where = host === undefined ? "" : `<p class="host">${escape(host)} · ГОСТ TLS через kep-bridge / GOST TLS through kep-bridge</p>`;
  return `<!doctype html>
<html lang="ru">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>kep-bridge: ${escape(ru.message)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em;color:#222}.host{color:#555}.en{color:#555;border-top:1px solid #ddd;margin-top:2em;padding-top:1em}code{color:#777}</style></head>
<body data-error-code="${error.code}">
${where}
<h1>${escape(ru.message)}</h1>
<p>${escape(ru.hint)}</p>
<div class="en" lang="en"><h2>${escape(en.message)}</h2><p>${escape(en.hint)}</p></div>
<p><code>${error.code}</code></p>
</body>
</html>
`;
}
