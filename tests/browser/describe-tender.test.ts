/**
 * Describing a tender in a real browser: type-ahead for services and places (JavaScript on), lots, and the error
 * paths — an empty form, an unknown code typed, a date that does not exist, a lot with no service, and a tender no
 * organisation can partner on. Plus the checkers themselves catch what they must.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, SEEKER } from './app.ts';
import { browserSuite, expectAccessible, expectErrorLinksToFields, expectNoSidewaysScroll } from './support.ts';

const suite = browserSuite();

const DESCRIBE = `/organisations/${SEEKER}/tender/new`;

async function open(path: string, options: { javaScript?: boolean; width?: number } = {}): Promise<Page> {
  const { page } = await newPage(suite.browser, options);
  await page.goto(suite.app.url + path);
  return page;
}

/** The values of the hidden inputs of a name: what the form will send. */
async function values(page: Page, name: string): Promise<string[]> {
  return Promise.all((await page.locator(`input[name="${name}"]`).all()).map((input) => input.inputValue()));
}

/** Types into an enhanced box and picks the suggestion that contains `option`. */
async function pick(page: Page, id: string, typed: string, option: string): Promise<void> {
  await page.locator(`#${id}`).fill(typed);
  await page.locator(`#${id}__listbox li`, { hasText: option }).first().click();
}

describe('describing a tender', () => {
  it('when services and places are typed, then the type-ahead suggests them by name with their codes, and partners follow', async () => {
    const page = await open(DESCRIBE);
    // enhanced: app.js awaits its import of govuk-frontend, which can settle after the load event on a busy machine
    await expect.poll(() => page.locator('#addService').getAttribute('aria-autocomplete')).toBe('list');
    await page.getByLabel('Title').fill('Support for older people in Exeter');
    await pick(page, 'addService', 'welfare eld', '85311100 Welfare services for the elderly');
    await page.getByRole('button', { name: 'Add service' }).click();
    await pick(page, 'addArea', 'exet', 'Exeter, local authority in Devon (E07000041)');
    await page.getByRole('button', { name: 'Add place' }).click();
    expect(await values(page, 'service')).toEqual(['85311100']);
    expect(await values(page, 'area')).toEqual(['E07000041']);
    await expectAccessible(page);

    await page.getByLabel('Contract value (optional)').fill('2.5m');
    await page.getByLabel('Day').fill('15');
    await page.getByLabel('Month').fill('1');
    await page.getByLabel('Year').fill('2027');
    await page.getByRole('button', { name: 'Find partners' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Partners for Support for older people in Exeter');
    expect(await page.locator('.govuk-summary-list').textContent()).toContain('Exeter, local authority in Devon (E07000041)');
    expect(await page.locator('.govuk-summary-card').count()).toBeGreaterThan(0);
    // The described tender travels in the address: the consortia page gets it too.
    await page.getByRole('link', { name: 'Build consortia for this tender' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Consortia for Support for older people in Exeter');
  });

  it('when lots are added, then each service is given a lot and the lots reach the consortia page', async () => {
    const page = await open(`${DESCRIBE}?title=Two+lots&service=85311100&service=85312310`);
    await page.getByLabel('Add a lot').fill('Care at home');
    await page.getByRole('button', { name: 'Add lot' }).click();
    await page.getByLabel('Add a lot').fill('Guidance');
    await page.getByRole('button', { name: 'Add lot' }).click();
    await page.getByRole('button', { name: 'Find partners' }).click();
    // Neither lot has a service yet.
    expect(await expectErrorLinksToFields(page)).toEqual(['lot-for-85311100']);
    await page.locator('#lot-for-85311100').selectOption('1');
    await page.locator('#lot-for-85312310').selectOption('2');
    await page.getByRole('button', { name: 'Find partners' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Partners for Two lots');
    await page.getByRole('link', { name: 'Build consortia for this tender' }).click();
    await page.getByText('Change the search').click();
    expect(await page.locator('input[name="lots"]').count()).toBe(2);
  });

  it('when the form is sent empty, then the error summary names the title and the services and links to each', async () => {
    const page = await open(DESCRIBE);
    await page.getByRole('button', { name: 'Find partners' }).click();
    expect(await page.title()).toMatch(/^Error: Describe the tender/);
    expect(await expectErrorLinksToFields(page)).toEqual(['title', 'addService']);
    await expectAccessible(page);
    // Everything wrong is listed at once, in the order of the page: what was typed and the tender as a whole.
    await page.goto(`${suite.app.url}${DESCRIBE}?title=&addService=12345678&deadline-day=31&action=find`);
    expect(await expectErrorLinksToFields(page)).toEqual(['title', 'addService', 'deadline-month']);
  });

  it('when an unknown code is typed, then the error says so beside the box and nothing is added', async () => {
    const page = await open(`${DESCRIBE}?title=Test`);
    await page.locator('#addService').fill('12345678');
    await page.getByRole('button', { name: 'Find partners' }).click();
    expect(await expectErrorLinksToFields(page)).toEqual(['addService']);
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('12345678 is not a CPV code');
    expect(await page.locator('input[name="service"]').count()).toBe(0);
    await page.goto(`${suite.app.url}${DESCRIBE}?title=Test&addArea=E99999999`);
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('E99999999 is not an area code we know');
    expect(await expectErrorLinksToFields(page)).toEqual(['addArea']);
  });

  it('when the deadline is not a real date, then the date input is marked and linked', async () => {
    const page = await open(`${DESCRIBE}?title=Test&service=85311100&deadline-day=31&deadline-month=2&deadline-year=2027&action=find`);
    expect(await expectErrorLinksToFields(page)).toEqual(['deadline-day']);
    expect(await page.locator('#deadline-day.govuk-input--error').count()).toBe(1);
    await page.goto(`${suite.app.url}${DESCRIBE}?title=Test&service=85311100&deadline-day=3&action=find`);
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('must include a month and a year');
  });

  it('when no organisation can partner on the tender, then the page says so and what to change', async () => {
    const page = await open(`/organisations/${SEEKER}/partners?title=Road+gritting&service=34921000&area=E06000053`);
    expect(await page.locator('#no-candidates').textContent()).toBe('No organisation could partner on this tender');
    expect(await page.getByRole('link', { name: 'change the tender', exact: true }).getAttribute('href')).toContain(
      '/tender/new?title=Road+gritting',
    );
    await expectAccessible(page);
  });

  it('when the page is 320 px wide, then nothing scrolls sideways, and the checkers do fail on bad pages', async () => {
    const page = await open(`${DESCRIBE}?title=Test&service=85311100&service=85312310&lot=Home+care&area=E07000041`, { width: 320 });
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);

    // A blank page of its own: the app's Content-Security-Policy (no inline styles) would strip the bad page's wide div.
    await page.goto('about:blank');
    await page.setContent(
      '<html lang="en"><body><main><img src="x.png"><a href="#nowhere">x</a><div style="width:2000px">wide</div></main></body></html>',
    );
    await expect(expectAccessible(page)).rejects.toThrow(/image-alt/);
    await expect(expectNoSidewaysScroll(page)).rejects.toThrow(/page width/);
    await page.setContent(
      '<div class="govuk-error-summary"><ul class="govuk-error-summary__list"><li><a href="#gone">Missing</a></li></ul></div>',
    );
    await expect(expectErrorLinksToFields(page)).rejects.toThrow(/Missing/);
  });
});
