/**
 * Tender alerts in a real browser, each page checked by axe (with scripts; axe needs them) and every journey also
 * done with JavaScript switched off: "Tenders for you", the preferences form (a service added by name, an error
 * summary linked to its fields with the values kept, saved and seen again), the webhook signing secret shown once
 * (on the first webhook URL and on asking for a new one), and the one-click unsubscribe page (GET, then its button).
 * The two runs use different organisations, so each starts from nothing saved; the one without JavaScript is 320 px
 * wide, and nothing on its pages may scroll sideways.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { findPartners } from '../../src/matching/find-partners.ts';
import { putEntries } from '../../src/alerts/ledger.ts';
import { MEMBER, newPage, SEEKER, SEEKER_NAME, signIn, TENDER, unsubscribePath } from './app.ts';
import { browserSuite, expectAccessible, expectErrorLinksToFields, expectNoSidewaysScroll } from './support.ts';

const suite = browserSuite();
/** app.ts makes other@example.org a member of SEEKER's two best partners for TENDER */
const OTHER = { email: 'other@example.org', password: 'another password 12' };
const runs: { javaScript: boolean; who: typeof MEMBER; org: { id: string; name: string } }[] = [];

beforeAll(async () => {
  const top = await findPartners(suite.app.deps, { seekerId: SEEKER, tenderId: TENDER, limit: 1 });
  const other = { id: top.candidates[0].organisation.id, name: top.candidates[0].organisation.name };
  await putEntries(suite.app.deps.store.records, [
    {
      organisationId: other.id,
      tenderId: TENDER,
      tenderVersion: 'v1',
      title: 'Devon Community Support: adult social care at home',
      fit: 'alone',
      reasons: ['Asks for services you deliver in Devon'],
      partners: [],
      createdAt: '2026-10-05T06:00:00.000Z',
    },
  ]);
  runs.push({ javaScript: true, who: MEMBER, org: { id: SEEKER, name: SEEKER_NAME } }, { javaScript: false, who: OTHER, org: other });
}, 60_000);

/** The values of the hidden inputs of a name: what the form will send. */
async function values(page: Page, name: string): Promise<string[]> {
  return Promise.all((await page.locator(`input[name="${name}"]`).all()).map((input) => input.inputValue()));
}

async function signedIn(javaScript: boolean, who: typeof MEMBER): Promise<{ page: Page; close: () => Promise<void> }> {
  const { context, page } = await newPage(suite.browser, { javaScript, width: javaScript ? 1024 : 320 });
  await signIn(page, suite.app.url, who);
  return { page, close: () => context.close() };
}

describe.each([
  { run: 0, javaScript: true },
  { run: 1, javaScript: false },
])('tender alerts, JavaScript on: $javaScript', ({ run }) => {
  const setup = () => {
    const { javaScript, who, org } = runs[run];
    return { javaScript, who, org, prefs: `${suite.app.url}/organisations/${encodeURIComponent(org.id)}/alerts/preferences` };
  };
  const check = async (page: Page, javaScript: boolean) => {
    if (javaScript) await expectAccessible(page);
    else {
      // without JavaScript (axe needs it) the journey itself is checked, 320 px wide: no sideways scrolling
      expect(await page.locator('body.js-enabled').count()).toBe(0);
      await expectNoSidewaysScroll(page);
    }
  };

  it('when a member opens "Tenders for you" from the organisation’s page, then the notices are listed and the preferences are one link away', async () => {
    const { javaScript, who, org } = setup();
    const { page, close } = await signedIn(javaScript, who);
    try {
      await page.goto(`${suite.app.url}/organisations/${encodeURIComponent(org.id)}`);
      await page.getByRole('link', { name: 'Tenders for you' }).click();
      expect(await page.locator('h1').innerText()).toBe('Tenders for you');
      const cards = page.locator('.govuk-summary-card');
      expect(await cards.count()).toBeGreaterThan(0);
      expect(await cards.first().innerText()).toContain('How you could bid');
      if (org.id === SEEKER) {
        // the entry with partners links each one's profile; the title links the notice's partners page
        expect(await page.locator('.govuk-summary-card a[href^="/organisations/"]').count()).toBeGreaterThan(1);
        expect(
          await page.getByRole('link', { name: 'Devon youth service (reserved contract for mutuals)' }).getAttribute('href'),
        ).toContain('/partners?tender=');
      }
      await check(page, javaScript);
      await page.getByRole('link', { name: 'Choose what your alerts bring and where they are sent' }).click();
      expect(await page.locator('h1').innerText()).toBe('Alert preferences');
      expect(await page.locator('main').innerText()).toContain('Nobody has chosen yet');
      expect(await page.getByLabel('Your organisation’s own services').isChecked()).toBe(true);
      await check(page, javaScript);
    } finally {
      await close();
    }
  });

  it('when the form is filled with mistakes, then each is summarised and linked to its field with the values kept; corrected, it is saved and shown again', async () => {
    const { javaScript, who, prefs } = setup();
    const { page, close } = await signedIn(javaScript, who);
    try {
      await page.goto(prefs);
      await page.getByLabel('Services you choose').check();
      if (javaScript) {
        // type-ahead: the suggestion names the service and its code
        // (app.js awaits its import of govuk-frontend, which can settle after the load event on a busy machine)
        await expect.poll(() => page.locator('#addService').getAttribute('aria-autocomplete')).toBe('list');
        await page.locator('#addService').fill('welfare serv child');
        await page
          .locator('#addService__listbox li', { hasText: '85311300 Welfare services for children and young people' })
          .first()
          .click();
      } else {
        expect(await page.getByLabel('Add a service').isVisible()).toBe(true); // the "chosen" part shows without scripts
        await page.getByLabel('Add a service').fill('welfare services for children');
      }
      await page.getByRole('button', { name: 'Add service' }).click();
      expect(await values(page, 'service')).toEqual(['85311300']);
      expect(await page.getByLabel('Services you choose').isChecked()).toBe(true);

      await page.getByLabel('Minimum value (optional)').fill('lots');
      await page.getByLabel('Email address (optional)').fill('not an address');
      await page.getByRole('button', { name: 'Save preferences' }).click();
      expect(await page.title()).toMatch(/^Error: Alert preferences/);
      expect(await expectErrorLinksToFields(page)).toEqual(['minimumValueGbp', 'email']);
      expect(await page.getByLabel('Minimum value (optional)').inputValue()).toBe('lots');
      expect(await page.getByLabel('Email address (optional)').inputValue()).toBe('not an address');
      expect(await values(page, 'service')).toEqual(['85311300']);
      await check(page, javaScript);
      await page.locator('.govuk-error-summary a[href="#email"]').click();
      // GOV.UK Frontend's script moves focus to the field; without it, the link leads there
      if (javaScript) expect(await page.evaluate<string>('document.activeElement.id')).toBe('email');
      else expect(page.url()).toMatch(/#email$/);

      await page.getByLabel('Minimum value (optional)').fill('250k');
      await page.getByLabel('Email address (optional)').fill('bids@example.org');
      await page.getByLabel('Daily').check();
      await page.getByLabel('Only tenders suitable for VCSE organisations or reserved for mutuals').check();
      await page.getByRole('button', { name: 'Save preferences' }).click();
      expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Your alert preferences were saved.');
      await check(page, javaScript);

      await page.goto(prefs); // seen again, as saved
      expect(await page.locator('.govuk-notification-banner').count()).toBe(0);
      expect(await page.getByLabel('Minimum value (optional)').inputValue()).toBe('250000');
      expect(await page.getByLabel('Email address (optional)').inputValue()).toBe('bids@example.org');
      expect(await page.getByLabel('Daily').isChecked()).toBe(true);
      expect(await page.getByLabel('Only tenders suitable for VCSE organisations or reserved for mutuals').isChecked()).toBe(true);
      expect(await page.getByLabel('Services you choose').isChecked()).toBe(true);
      expect(await values(page, 'service')).toEqual(['85311300']);
      expect(await page.getByLabel('Your organisation’s own places').isChecked()).toBe(true);
    } finally {
      await close();
    }
  });

  it('when a webhook URL is first saved, then its signing secret is shown once; a new one can be made, also shown once', async () => {
    const { javaScript, who, prefs } = setup();
    const { page, close } = await signedIn(javaScript, who);
    try {
      await page.goto(prefs);
      expect(await page.getByRole('button', { name: 'Create a new signing secret' }).count()).toBe(0);
      await page.getByLabel('Webhook URL (optional)').fill('https://hooks.example.org/tenders');
      await page.getByRole('button', { name: 'Save preferences' }).click();
      expect(await page.locator('.govuk-panel__title').innerText()).toBe('Webhook signing secret created');
      const secret = await page.locator('#webhook-secret').innerText();
      expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      expect(await page.locator('main').innerText()).toContain('X-Consortia-Signature: sha256=<hex>');
      await check(page, javaScript);

      await page.goto(prefs);
      const later = await page.locator('body').innerText();
      expect(later).not.toContain(secret);
      expect(later).toContain('A signing secret is set: it was created on');
      await page.getByRole('button', { name: 'Save preferences' }).click(); // saving again makes no new secret
      expect(await page.locator('#webhook-secret').count()).toBe(0);

      await page.getByRole('button', { name: 'Create a new signing secret' }).click();
      const replaced = await page.locator('#webhook-secret').innerText();
      expect(replaced).toMatch(/^whsec_/);
      expect(replaced).not.toBe(secret);
      await check(page, javaScript);
      await page.goto(prefs);
      expect(await page.locator('body').innerText()).not.toContain(replaced);
    } finally {
      await close();
    }
  });

  it('when the unsubscribe link is opened and its button pressed, then alerts stop; the members’ pages say when, and saving turns them on again', async () => {
    const { javaScript, who, org, prefs } = setup();
    // no account: the link is the proof
    const { context, page } = await newPage(suite.browser, { javaScript, width: javaScript ? 1024 : 320 });
    try {
      await page.goto(suite.app.url + (await unsubscribePath(suite.app, org.id)));
      expect(await page.locator('h1').innerText()).toBe(`Stop tender alerts for ${org.name}`);
      await check(page, javaScript);
      await page.getByRole('button', { name: 'Stop tender alerts' }).click();
      expect(await page.locator('h1').innerText()).toBe(`Tender alerts stopped for ${org.name}`);
      await check(page, javaScript);
    } finally {
      await context.close();
    }
    const member = await signedIn(javaScript, who);
    try {
      await member.page.goto(prefs);
      expect(await member.page.locator('main').innerText()).toContain('Alerts stopped on 6 October 2026 by the unsubscribe link');
      await check(member.page, javaScript);
      await member.page.getByRole('link', { name: 'Tenders for you' }).first().click();
      expect(await member.page.locator('main').innerText()).toContain('Alert emails and webhooks were stopped on 6 October 2026');
      await member.page.goto(prefs);
      await member.page.getByRole('button', { name: 'Save preferences' }).click();
      expect(await member.page.locator('.govuk-notification-banner').innerText()).toContain('alerts are on again');
      expect(await member.page.locator('main').innerText()).not.toContain('Alerts stopped on');
    } finally {
      await member.close();
    }
  });
});
