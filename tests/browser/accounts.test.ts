/**
 * The account journeys in a real browser, each page checked by axe, every error summary's links leading to fields:
 * signing in (and failing to), the tokens page showing a new token once, a member editing the organisation with
 * errors then without, asking to act for an organisation, and answering an introduction — with scripts and without.
 */
import { describe, expect, it } from 'vitest';
import { MEMBER, newPage, SEEKER, signIn } from './app.ts';
import { browserSuite, expectAccessible, expectErrorLinksToFields } from './support.ts';

const suite = browserSuite();

describe.each([{ javaScript: true }, { javaScript: false }])('accounts, JavaScript on: $javaScript', ({ javaScript }) => {
  it('when a person signs in with a wrong password, then the error is summarised and linked; with the right one, their account opens', async () => {
    const { context, page } = await newPage(suite.browser, { javaScript });
    try {
      await page.goto(`${suite.app.url}/sign-in`);
      if (javaScript) await expectAccessible(page); // axe needs JavaScript: without it, the journey alone is checked
      await page.getByLabel('Email address').fill(MEMBER.email);
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      expect(await page.locator('.govuk-error-summary').count()).toBe(1);
      expect(await page.title()).toMatch(/^Error: Sign in/);
      if (javaScript) await expectAccessible(page);
      expect(await expectErrorLinksToFields(page)).toEqual(['email']);
      await signIn(page, suite.app.url, MEMBER);
      expect(new URL(page.url()).pathname).toBe('/account');
      expect(await page.locator('h1').innerText()).toBe('Your account');
    } finally {
      await context.close();
    }
  });

  it('when a member edits the organisation with mistakes, then each is linked to its field; corrected, it is saved and shown', async () => {
    const { context, page } = await newPage(suite.browser, { javaScript });
    try {
      await signIn(page, suite.app.url, MEMBER);
      await page.goto(`${suite.app.url}/organisations/${SEEKER}/edit`);
      if (javaScript) await expectAccessible(page);
      await page.getByLabel('Name').fill('');
      await page.getByLabel('Staff').fill('lots');
      await page.getByRole('button', { name: 'Save changes' }).click();
      expect(await expectErrorLinksToFields(page)).toEqual(['name', 'staff']);
      if (javaScript) await expectAccessible(page);
      await page.getByLabel('Name').fill('Devon Youth Space');
      await page.getByLabel('Staff').fill('45');
      await page.getByLabel('Red lines').fill('No payment by results');
      await page.getByRole('button', { name: 'Save changes' }).click();
      expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Your changes were saved');
      expect(await page.locator('body').innerText()).toContain('No payment by results'); // members see the private part
      if (javaScript) await expectAccessible(page);
    } finally {
      await context.close();
    }
  });

  it('when a member creates an API token, then it is shown once, and the page passes axe', async () => {
    const { context, page } = await newPage(suite.browser, { javaScript });
    try {
      await signIn(page, suite.app.url, MEMBER);
      await page.goto(`${suite.app.url}/account/tokens`);
      await page.getByRole('button', { name: 'Create token' }).click();
      expect(await expectErrorLinksToFields(page)).toEqual(['name']);
      await page.getByLabel('Name').fill(`browser ${javaScript}`);
      await page.getByRole('button', { name: 'Create token' }).click();
      const token = await page.locator('#new-token').innerText();
      expect(token).toMatch(/^cst_/);
      if (javaScript) await expectAccessible(page);
      await page.goto(`${suite.app.url}/account/tokens`);
      expect(await page.locator('body').innerText()).not.toContain(token);
    } finally {
      await context.close();
    }
  });

  it('when a member answers an introduction without a contact, then the errors link to that form’s fields', async () => {
    const { context, page } = await newPage(suite.browser, { javaScript });
    try {
      await signIn(page, suite.app.url, MEMBER);
      await page.goto(`${suite.app.url}/organisations/${SEEKER}/introductions`);
      if (javaScript) await expectAccessible(page);
      const agree = page.getByRole('button', { name: 'Agree and share contacts' });
      await agree.first().click();
      const linked = await expectErrorLinksToFields(page);
      expect(linked.map((id) => id.replace(/^[0-9a-f]+-/, ''))).toEqual(['name', 'email']);
      if (javaScript) await expectAccessible(page);
    } finally {
      await context.close();
    }
  });
});
