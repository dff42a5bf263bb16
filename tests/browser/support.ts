/**
 * The checks every page must pass: axe finds no serious or critical violation; the error summary's links lead to
 * their fields; nothing scrolls sideways at 320 px. Each can fail (tests/browser/describe-tender.test.ts shows it).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser, startApp, type TestApp } from './app.ts';

/** One app and one browser for the test file, started before its tests and closed after. */
export function browserSuite(): { readonly app: TestApp; readonly browser: Browser } {
  const suite = {} as { app: TestApp; browser: Browser };
  beforeAll(async () => {
    [suite.app, suite.browser] = await Promise.all([startApp(), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.app?.close();
  });
  return suite;
}

/** axe-core on the page as it is now: no serious or critical violation (WCAG 2.0–2.2 A and AA rules, and best practice). */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  if (bad.length > 0) throw new Error(`axe: serious or critical violations on ${page.url()}:\n${bad.join('\n')}`);
}

/** Every link of the error summary points at a form field on the page (or a fieldset holding one). */
export async function expectErrorLinksToFields(page: Page): Promise<string[]> {
  const links: { id: string; isField: boolean; text: string }[] = [];
  for (const a of await page.locator('.govuk-error-summary__list a').all()) {
    const id = decodeURIComponent(((await a.getAttribute('href')) ?? '').replace(/^#/, ''));
    // The field itself, or a group (date input, checkboxes) holding one.
    const target = page.locator(`[id="${id}"]`);
    const isField =
      (await target.count()) === 1 &&
      (await target.locator('xpath=self::input|self::select|self::textarea|.//input|.//select').count()) > 0;
    links.push({ id, isField, text: ((await a.textContent()) ?? '').trim() });
  }
  expect(links.length, 'the error summary lists at least one error').toBeGreaterThan(0);
  for (const link of links) expect(link, `error link "${link.text}"`).toMatchObject({ isField: true });
  return links.map((l) => l.id);
}

/** Nothing on the page is wider than the viewport (tables scroll inside their own box). */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  // A string, run in the page: the test project has no DOM typings.
  const { scroll, width } = await page.evaluate<{ scroll: number; width: number }>(
    '({ scroll: document.documentElement.scrollWidth, width: window.innerWidth })',
  );
  expect(scroll, `page width at ${width} px on ${page.url()}`).toBeLessThanOrEqual(width);
}
