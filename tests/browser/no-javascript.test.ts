/**
 * The journeys with JavaScript switched off in the browser: every flow must work with plain links and forms —
 * describing a tender by typing names (no type-ahead), comparing, consortia (tabs become a list of sections),
 * the error summary's links, and starting a refresh run from the operators' page.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { newPage, SEEKER, SEEKER_NAME, TENDER, ADMIN } from './app.ts';
import { browserSuite } from './support.ts';

const suite = browserSuite();
let page: Page;

beforeAll(async () => {
  page = (await newPage(suite.browser, { javaScript: false })).page;
});

describe('with JavaScript off', () => {
  it('when a bid manager finds their organisation and describes a tender by typing names, then partners are found', async () => {
    await page.goto(`${suite.app.url}/`);
    expect(await page.locator('body.js-enabled').count()).toBe(0);
    await page.getByRole('button', { name: 'Find your organisation' }).click();
    await page.getByLabel('Name or id').fill('Devon Youth Space');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: SEEKER_NAME, exact: true }).click();
    await page.getByRole('button', { name: 'Find partners for a tender' }).click();
    await page.getByRole('link', { name: 'describe a tender yourself' }).click();

    await page.getByLabel('Title').fill('Older people’s support');
    await page.getByLabel('Add a service').fill('welfare services for the elderly');
    // Enter in a box takes in what was typed (the form's default button), without removing anything.
    await page.getByLabel('Add a service').press('Enter');
    await page.getByLabel('Add a service').fill('guidance services');
    await page.getByRole('button', { name: 'Add service' }).click();
    await page.getByLabel('Add a place').fill('Plymouth');
    await page.getByLabel('Title').press('Enter');
    expect(await page.locator('table').first().textContent()).toContain('85311100 Welfare services for the elderly');
    expect(await page.locator('table').first().textContent()).toContain('85312310 Guidance services');
    expect(await page.locator('input[name="area"]').inputValue()).toBe('E06000026');

    // Remove one service, then find.
    await page.getByRole('button', { name: 'Remove 85312310' }).click();
    expect(await page.locator('input[name="service"]').count()).toBe(1);
    await page.getByRole('button', { name: 'Find partners' }).click();
    expect(await page.locator('h1').textContent()).toBe('Partners for Older people’s support');
    expect(await page.locator('.govuk-summary-card').count()).toBeGreaterThan(0);
  });

  it('when an ambiguous name is typed, then the error lists what it could mean and links to the box', async () => {
    await page.goto(`${suite.app.url}/organisations/${SEEKER}/tender/new?title=x&service=85311100&addArea=newcastle&action=find`);
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.textContent()).toContain('More than one place matches “newcastle”');
    expect(await summary.textContent()).toContain('Newcastle-under-Lyme, local authority in Staffordshire (E07000195)');
    await summary.getByRole('link').first().click();
    expect(page.url()).toMatch(/#addArea$/);
  });

  it('when partners are compared and consortia built, then both work as plain forms and links', async () => {
    await page.goto(`${suite.app.url}/organisations/${SEEKER}/partners?tender=${TENDER}`);
    await page.locator('#compare-1').check();
    await page.locator('#compare-3').check();
    await page.getByRole('button', { name: 'Compare selected' }).click();
    expect(await page.locator('h1').textContent()).toBe('Compare partners');
    expect(await page.locator('thead th').count()).toBe(2);

    await page.goto(`${suite.app.url}/organisations/${SEEKER}/consortia?tender=${TENDER}`);
    // Without JavaScript the tabs are a list of links to sections, every panel shown.
    const panels = page.locator('.govuk-tabs__panel');
    expect(await panels.count()).toBeGreaterThan(0);
    for (const panel of await panels.all()) expect(await panel.isVisible()).toBe(true);
    await page.locator('summary', { hasText: 'Change the search' }).click();
    await page.getByLabel('One organisation must hold the contract').check();
    await page.getByRole('button', { name: 'Search again' }).click();
    expect(page.url()).toContain('wish=singleContractorRequired');
    expect(await page.locator('#consortium-1').textContent()).toContain('How to structure it');
  });

  it('when a commissioner describes a draft tender with no organisation, then the market view shows the table, and the engagement list downloads', async () => {
    await page.goto(`${suite.app.url}/`);
    await page.getByRole('button', { name: 'See the market for a tender' }).click();
    await page.getByRole('link', { name: 'describe a draft tender' }).first().click();
    await page.getByLabel('Title').fill('Home care in Trafford and Oldham');
    await page.getByLabel('Add a service').fill('85312400');
    await page.getByRole('button', { name: 'Add service' }).click();
    await page.getByLabel('Add a place').fill('Trafford');
    await page.getByRole('button', { name: 'Add place' }).click();
    await page.getByLabel('Add a place').fill('Oldham');
    await page.getByRole('button', { name: 'See the market' }).click();
    expect(await page.locator('h1').textContent()).toBe('Home care in Trafford and Oldham');
    const table = page.locator('table').first();
    expect(await table.locator('caption').textContent()).toBe(
      'Credible providers (and wider claims only) for each service in each local authority',
    );
    expect(await table.locator('thead th').allTextContents()).toEqual(['Service', 'Oldham', 'Trafford']);
    expect(await table.locator('tbody th').allTextContents()).toEqual([
      '85312400 Welfare services not delivered through residential institutions',
    ]);
    expect(await page.locator('main').textContent()).toContain('Rules in force');
    // the map says the same as the table, one named, numbered hexagon per authority of the area
    const map = page.getByRole('img', { name: /^Credible providers of 85312400 .*, by local authority/ });
    const cells = await table.locator('tbody td').allTextContents();
    const counts = cells.map((c) => /\d+|None|1 only/.exec(c)![0].replace('None', '0').replace('1 only', '1'));
    expect(await map.locator('text').allTextContents()).toEqual(expect.arrayContaining(counts));
    expect(await map.locator('g > title').allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Oldham: \d+ credible providers?$/),
        expect.stringMatching(/^Trafford: \d+ credible providers?$/),
      ]),
    );

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the engagement list (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^engagement-list-TND-[0-9A-F]+\.csv$/);
    const body = await download.createReadStream().then(async (stream) => {
      let text = '';
      for await (const chunk of stream) text += String(chunk);
      return text;
    });
    expect(body.split('\n')[0]).toBe('id,name,kind,sizeBand,vcse,presence,servicesMatched,areasMatched,evidence');
    expect(body.split('\n').length).toBeGreaterThan(10);
  });

  it('when an operator starts a refresh run, then its page shows progress until it is current, and the list shows it', async () => {
    await page.goto(`${suite.app.url}/operators/refresh-runs`);
    expect(new URL(page.url()).pathname).toBe('/sign-in'); // administrators only: sign in first, then back here
    await page.getByLabel('Email address').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(new URL(page.url()).pathname).toBe('/operators/refresh-runs');
    expect(await page.locator('main').textContent()).toContain('No run has started yet');
    expect(await page.locator('main').textContent()).toContain('The queue dashboard needs the BullMQ queue');
    await page.getByRole('button', { name: 'Start a refresh run now' }).click();
    expect(page.url()).toMatch(/\/operators\/refresh-runs\/run-/);
    const runId = decodeURIComponent(page.url().split('/').pop()!);
    let state = '';
    for (let i = 0; i < 300 && state !== 'Current'; i++) {
      state = ((await page.locator('.govuk-summary-list .govuk-tag').first().textContent()) ?? '').trim();
      if (state === 'Failed') throw new Error('refresh run failed');
      if (state !== 'Current') {
        await new Promise((r) => setTimeout(r, 500));
        await page.getByRole('link', { name: 'Refresh this page' }).click();
      }
    }
    expect(state).toBe('Current');
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('This run is current');
    await page.getByRole('link', { name: 'Refresh runs' }).first().click();
    expect(await page.locator('tbody tr').first().textContent()).toContain(runId);
  }, 200_000);

  it('when a run fails, then the operators see it failed and why', async () => {
    const runId = 'run-test-failed';
    await suite.app.scores.beginRun({
      runId,
      scope: '',
      asOf: new Date().toISOString(),
      startedAt: new Date().toISOString(),
      organisations: 1,
      shards: 1,
      topK: 1,
    });
    await suite.app.scores.failRun(runId, 'shard 0 failed for good: the store was unreachable');
    await page.goto(`${suite.app.url}/operators/refresh-runs/${runId}`);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('shard 0 failed for good');
    await page.goto(`${suite.app.url}/operators/refresh-runs`);
    expect(await page.locator('tbody').textContent()).toContain('the store was unreachable');
  });
});
