// Debian's Chromium driven by puppeteer-core (an optional peer dependency): never a browser
// download. Used by the browser bench and the browser tests.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';

/** Where Debian's chromium package installs the browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** Why Chromium cannot run here (a sentence to print), or undefined when it can. */
export function chromiumMissing(executable = CHROMIUM): string | undefined {
  return existsSync(executable)
    ? undefined
    : `skipped: no chromium at ${executable}; install Debian's chromium (apt-get install -y chromium)`;
}

/** A headless Chromium with a fresh profile, closed and removed by `close`. */
export async function launchChromium(
  executable = CHROMIUM,
): Promise<{ browser: Browser; close(): Promise<void> }> {
  // Loaded on use: only the bench and the tests need the driver.
  const { default: puppeteer } = await import('puppeteer-core');
  const profile = await mkdtemp(join(tmpdir(), 'srnn-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: executable,
    headless: true,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
