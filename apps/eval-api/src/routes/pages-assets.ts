import type { App } from '../app-env.js';
import { PAGE_HEADERS } from '../pages/layout.js';
import { PAGE_SCRIPT, PAGE_SCRIPT_PATH } from '../pages/script.js';

export function registerPagesAssets(app: App): void {
  // The progressive script as a static route: the CSP allows scripts from our origin only, never inline.
  app.get(PAGE_SCRIPT_PATH, (c) =>
    c.body(PAGE_SCRIPT, 200, {
      ...PAGE_HEADERS,
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
    }),
  );
}
