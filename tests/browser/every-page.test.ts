/**
 * Every page, at a desktop width and at 320 px, with its scripts and without them: the expected status, no serious or
 * critical axe violation, error summaries whose links lead to their fields, and nothing scrolling sideways.
 * "Without scripts" blocks every script file (the page as it is when they fail to load); axe itself needs
 * JavaScript, so the journeys with JavaScript switched off altogether are in no-javascript.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, newPage, refreshNow, signIn } from './app.ts';
import { everyPage, type PageVisit } from './pages.ts';
import { browserSuite, expectAccessible, expectErrorLinksToFields, expectNoSidewaysScroll } from './support.ts';

const suite = browserSuite();
let pages: PageVisit[];

beforeAll(async () => {
  pages = await everyPage(suite.app, await refreshNow(suite.app));
}, 180_000);

// axe is the slow part (a minute a sweep here): it runs on the desktop width with scripts and at 320 px without
// them, which covers both widths and both script states; the 320 px sweep with scripts checks the layout and links.
describe.each([
  { width: 1024, javaScript: true, axe: true },
  { width: 320, javaScript: true, axe: false },
  { width: 320, javaScript: false, axe: true },
])('every page at $width px, scripts loaded: $javaScript', ({ width, javaScript, axe }) => {
  it('when each page is opened, then it answers as expected, passes axe, links its errors to fields and fits the width', async () => {
    const { context, page } = await newPage(suite.browser, { width });
    if (!javaScript) await page.route(/\.js(\?|$)/, (route) => route.abort());
    try {
      // signed in as an administrator, so that every page (operators', members') opens
      await signIn(page, suite.app.url, ADMIN);
      for (const visit of pages) {
        const response = await page.goto(suite.app.url + visit.path);
        expect(response?.status(), visit.path).toBe(visit.status);
        if (axe) await expectAccessible(page);
        if (visit.hasErrors) await expectErrorLinksToFields(page);
        if (width === 320) await expectNoSidewaysScroll(page);
      }
    } finally {
      await context.close();
    }
  }, 300_000);
});
