import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium, headless, with nothing of its own going to the network (README: the browser tests). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
