import type { Context } from 'hono';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';
import { PAGE_SCRIPT_PATH } from './script.js';
import { PAGE_STYLE } from './style.js';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Scripts only from our own origin (the progressive script is a static route), no inline script. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const PAGE_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
} as const;

export interface PageParts {
  title: string;
  body: Html;
}

/** The document around every page: the nav, inline style (CSP allows it) and the deferred progressive script. */
export function layout({ title, body }: PageParts): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${title} · Crossover</title>
<style>${PAGE_STYLE}</style>
<script src="${PAGE_SCRIPT_PATH}" defer></script>
</head>
<body>
<header class="site"><a class="brand" href="/">Crossover leaderboard</a>
<nav><a href="/">Leaderboard</a> <a href="/compare">Compare</a> <a href="/openapi.json">API</a></nav></header>
<main>
${body}
</main>
</body>
</html>`;
}

/** Sends a page with its security headers. */
export async function sendPage(
  c: Context<AppEnv>,
  parts: PageParts,
  status: ContentfulStatusCode = 200,
): Promise<Response> {
  const body = await layout(parts);
  return c.html(body, status, PAGE_HEADERS);
}

/** An API error as a page: the same status and message, for people instead of clients. */
export function sendErrorPage(c: Context<AppEnv>, error: unknown): Promise<Response> {
  if (!(error instanceof ApiError)) throw error;
  return sendPage(
    c,
    {
      title: `${error.status} ${error.code}`,
      body: html`<h1>${error.status}: ${error.code.replaceAll('_', ' ')}</h1>
<p class="error">${error.message}</p>
<p><a href="/">Back to the leaderboard</a></p>`,
    },
    error.status,
  );
}

/** Links to the same rows as JSON and CSV. */
export function dataLinks(json: string, csv: string): Html {
  return html`<p class="data-links">This table as <a class="json-link" href="${json}">JSON</a> ·
<a class="csv-link" href="${csv}">CSV</a></p>`;
}
