/**
 * Writes a screenshot of every page of the web app (tests/browser/pages.ts) into docs/screenshots/: the demo data on
 * the embedded store, Debian's Chromium, 1024 px wide, and the key pages again at 320 px. Long pages are cut at
 * MAX_HEIGHT px (the top of a 20-card results page says what the rest is), which keeps the folder a few megabytes.
 *
 *   npm run screenshots            (needs /usr/bin/chromium: apt-get install -y chromium)
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN, launchBrowser, newPage, refreshNow, signIn, startApp } from '../tests/browser/app.ts';
import { everyPage } from '../tests/browser/pages.ts';

const OUT = join(import.meta.dirname, '..', 'docs', 'screenshots');
const MAX_HEIGHT = 2400;
const NARROW = new Set(['home', 'partners', 'describe-tender-errors', 'compare']);

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  try {
    const pages = await everyPage(app, await refreshNow(app));
    for (const width of [1024, 320]) {
      const { context, page } = await newPage(browser, { width });
      await signIn(page, app.url, ADMIN); // every page opens for an administrator
      for (const visit of pages) {
        if (width === 320 && !NARROW.has(visit.name)) continue;
        await page.goto(app.url + visit.path);
        const file = join(OUT, width === 1024 ? `${visit.name}.png` : `${visit.name}-320.png`);
        const height = Math.min(MAX_HEIGHT, await page.evaluate<number>('document.documentElement.scrollHeight'));
        await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width, height } });
        console.log(file);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
