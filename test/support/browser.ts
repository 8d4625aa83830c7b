import type { Server } from 'node:http';
import type { Express } from 'express';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { freePort } from './portal.ts';

/** Debian's chromium, headless, with nothing of its own going to the network (README: the browser tests). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** The test portal's panel served on a free port and a browser to read it with; `close()` ends the browser, the server and the portal. */
export interface ServedPanel { base: string; browser: Browser; close(): Promise<void> }

export async function servePanel(portal: { panel: { app: Express }; close(): Promise<void> }): Promise<ServedPanel> {
  const port = await freePort();
  const server: Server = portal.panel.app.listen(port);
  const browser = await launchChromium();
  return {
    base: `http://127.0.0.1:${port}`,
    browser,
    async close() {
      await browser.close();
      server.close();
      await portal.close();
    },
  };
}

/** Records every Content-Security-Policy violation of the context's pages in `into` (each as "directive blocked-URI", with `where` its source line). */
export async function recordViolations(context: BrowserContext, into: string[], { where = false } = {}): Promise<void> {
  await context.exposeBinding('portalViolation', (_source, text: string) => void into.push(text));
  await context.addInitScript((withSource: boolean) => document.addEventListener('securitypolicyviolation', (e) => {
    const text = `${e.violatedDirective} ${e.blockedURI}${withSource ? ` ${e.sourceFile}:${e.lineNumber}` : ''}`;
    (window as unknown as { portalViolation(text: string): void }).portalViolation(text);
  }), where);
}
