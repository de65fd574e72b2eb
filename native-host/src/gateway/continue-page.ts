/**
 * What a top-level navigation from another site's page to a cabinet address gets instead of the
 * cabinet: a page naming the address and offering to continue to it. The real cabinet would open
 * such a link signed in (its cookies are SameSite=Lax); the gateway cannot tell a link the user
 * followed from one a page opened by itself, so it asks the user, and the link it offers is a
 * same-origin navigation the session guard admits. Nothing reaches the cabinet before the click,
 * and a form posted from another site never does.
 */
import { escapeHtml, hostLine, PAGE_STYLE } from "./error-page.ts";

/** Path and query of a same-origin address; anything else leads to the cabinet's start. */
export function samePath(target: string): string {
  return target.startsWith("/") && !target.startsWith("//") ? target : "/";
}

export function continuePage(host: string, target: string): string {
  const path = escapeHtml(samePath(target));
  return `<!doctype html>
<html lang="ru">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>kep-bridge: открыть страницу кабинета?</title>
<style>${PAGE_STYLE}</style></head>
<body data-page="continue">
${hostLine(host)}
<h1>Открыть эту страницу личного кабинета?</h1>
<p>Ссылку на неё открыла страница другого сайта. Если вы перешли по ней сами, продолжайте.</p>
<p><code>https://${escapeHtml(host)}${path}</code></p>
<p><a data-action="continue" href="${path}">Продолжить / Continue</a></p>
<div class="en" lang="en"><h2>Open this page of the cabinet?</h2><p>Another site's page opened the link to it. If you followed it yourself, continue.</p></div>
</body>
</html>
`;
}
