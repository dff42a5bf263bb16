/**
 * The bid manager's journey in a real browser (Debian's Chromium, JavaScript on): find your organisation, read its
 * profile, pick a stored tender, read the ranked partners, compare three, build consortia, read the nightly list.
 * Every page is checked with axe and for the error summary's links.
 */
import { FACTORS } from '../../src/matching/settings.ts';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, refreshNow, SEEKER, SEEKER_NAME, TENDER } from './app.ts';
import { browserSuite, expectAccessible, expectErrorLinksToFields } from './support.ts';

const suite = browserSuite();

async function open(path: string): Promise<Page> {
  const { page } = await newPage(suite.browser);
  await page.goto(suite.app.url + path);
  return page;
}

describe('bid manager journey', () => {
  it('when a bid manager searches by name, then the profile is one click away and lists its services', async () => {
    const page = await open('/');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Find your organisation' }).click();
    await page.getByLabel('Name or id').fill('devon youth');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('h2#results').textContent()).toMatch(/organisations? matching “devon youth”/);
    await expectAccessible(page);

    await page.getByRole('link', { name: SEEKER_NAME, exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(SEEKER_NAME);
    expect(page.url()).toBe(`${suite.app.url}/organisations/${SEEKER}`);
    const services = await page.locator('table:has(caption:text("Services")) tbody tr').allTextContents();
    const org = await suite.app.deps.store.getOrganisation(SEEKER);
    expect(services.length).toBe(org!.services.length);
    expect(services[0]).toContain(org!.services[0]);
    await expectAccessible(page);
  });

  it('when an organisation records where its facts came from, then the profile cites each source', async () => {
    const { buildOrganisation } = await import('../builders.ts');
    const org = buildOrganisation({
      id: 'GB-CHC-9990001',
      name: 'Sourced Facts Trust',
      staff: 12,
      services: ['85312310', '85311100'],
      areas: ['E08000032'],
      baseArea: 'E08000032',
      provenance: {
        staff: { kind: 'register', register: 'charity-commission', record: '9990001', date: '2021-03-31' },
        services: { '85312310': { kind: 'inferred', rule: 'UKCAT tag HE (health)' } },
        areas: { E08000032: { kind: 'synthetic' } },
      },
    });
    await suite.app.deps.store.upsertOrganisations([org]);
    const page = await open(`/organisations/${org.id}`);
    const about = await page.locator('.govuk-summary-list').textContent();
    expect(about).toContain('Source: Charity Commission, 2021');
    expect(about).toMatch(/Kind\s*Charity\s*Source: declared by the organisation/);
    const services = await page.locator('table:has(caption:text("Services")) tbody').textContent();
    expect(services).toContain('inferred: UKCAT tag HE (health)');
    expect(services).toContain('declared by the organisation');
    expect(await page.locator('table:has(caption:text("Areas")) tbody').textContent()).toContain('demo data');
    expect(await page.locator('.govuk-inset-text').count()).toBe(0);
  });

  it('when a bid manager searches by id, then they land on the profile; by postcode area, the list says where', async () => {
    const page = await open(`/organisations?q=${SEEKER}`);
    expect(page.url()).toBe(`${suite.app.url}/organisations/${SEEKER}`);
    await page.goto(`${suite.app.url}/organisations?q=&postcode=EX4+3PE`);
    await expect.poll(() => page.locator('h2#results').textContent()).toMatch(/organisations in or near Devon/);
    expect(await page.locator('#results ~ ul li').count()).toBe(20);
  });

  it('when the search form is empty or the postcode unknown, then the error summary links to the field', async () => {
    const page = await open('/organisations?q=&postcode=');
    expect(await page.title()).toMatch(/^Error: /);
    expect(await expectErrorLinksToFields(page)).toEqual(['q']);
    await expectAccessible(page);
    await page.goto(`${suite.app.url}/organisations?q=care&postcode=ZZ9`);
    expect(await expectErrorLinksToFields(page)).toEqual(['postcode']);
    // With JavaScript, GOV.UK Frontend focuses the field when its link is clicked.
    await page.locator('.govuk-error-summary__list a').first().click();
    expect(await page.locator(':focus').getAttribute('id')).toBe('postcode');
  });

  it('when a bid manager picks a stored tender, then partners come ranked as cards with reasons and factor bars, each profile one click away', async () => {
    const page = await open(`/organisations/${SEEKER}`);
    await page.getByRole('button', { name: 'Find partners for a tender' }).click();
    await page.getByLabel('Search tenders by title or id').fill('devon community');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: /Devon Community Support/ }).click();
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/^Partners for Devon Community Support/);
    await expectAccessible(page);

    const cards = page.locator('.govuk-summary-card');
    expect(await cards.count()).toBe(20);
    // The page shows what the use case returns: same order, same first reason.
    const { findPartners } = await import('../../src/matching/find-partners.ts');
    const expected = await findPartners(suite.app.deps, { seekerId: SEEKER, tenderId: TENDER, limit: 20 });
    const names = await page.locator('.govuk-summary-card__title a').allTextContents();
    expect(names).toEqual(expected.candidates.map((c) => c.organisation.name));
    const first = cards.first();
    expect(await first.textContent()).toContain(expected.candidates[0].reasonsFor[0].text);
    expect(await first.locator('.app-factors__row').count()).toBe(FACTORS.length);
    expect(await first.locator('.app-bar__fill').count()).toBeGreaterThan(1);

    await first.locator('.govuk-summary-card__title a').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(expected.candidates[0].organisation.name);
  });

  it('when 2 or 3 partners are ticked, then they are compared side by side; 1 or 4 get an error linking to the boxes', async () => {
    const page = await open(`/organisations/${SEEKER}/partners?tender=${TENDER}`);
    await page.getByRole('button', { name: 'Compare selected' }).click();
    expect(await expectErrorLinksToFields(page)).toEqual(['compare-1']);
    await expectAccessible(page);

    for (const i of [1, 2, 3, 4]) await page.locator(`#compare-${i}`).check();
    await page.getByRole('button', { name: 'Compare selected' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('you selected 4');
    expect(await page.locator('#compare-4').isChecked()).toBe(true); // the choice is kept

    await page.locator('#compare-4').uncheck();
    await page.getByRole('button', { name: 'Compare selected' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Compare partners');
    expect(await page.locator('thead th').count()).toBe(3);
    expect(await page.locator('tbody th').allTextContents()).toEqual(expect.arrayContaining(['Overall fit', 'Kind']));
    await expectAccessible(page);
  });

  it('when a bid manager builds consortia, then teams come in tabs with roles, coverage and partnership-model advice', async () => {
    const page = await open(`/organisations/${SEEKER}/partners?tender=${TENDER}`);
    await page.getByRole('link', { name: 'Build consortia for this tender' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/^Consortia for Devon Community Support/);
    const tabs = page.locator('.govuk-tabs__list-item');
    expect(await tabs.count()).toBeGreaterThanOrEqual(1);
    const panel = page.locator('#consortium-1');
    expect(await panel.textContent()).toContain('How to structure it');
    expect(await panel.locator('h4').first().textContent()).toMatch(/^1\. /);
    expect(await panel.locator('tbody tr td a').first().textContent()).toBe(SEEKER_NAME);
    await expectAccessible(page);

    // Options: at most 2 partners, bid for lot 1 only.
    await page.getByText('Change the search').click();
    await page.getByLabel('Partners besides you, at most').selectOption('2');
    await page.locator('input[name="lots"][value="1"]').check();
    await page.getByRole('button', { name: 'Search again' }).click();
    await expect.poll(() => page.url()).toContain('maxPartners=2');
    const sizes = await page.locator('.govuk-tabs__panel h2').allTextContents();
    for (const heading of sizes) expect(Number(/(\d+) members/.exec(heading)?.[1])).toBeLessThanOrEqual(3);
  });

  it('when a bid manager drafts heads of terms for a consortium, then every section is there, the model can be changed and the Word document and the PDF download', async () => {
    const page = await open(`/organisations/${SEEKER}/consortia?tender=${TENDER}`);
    await page.getByRole('link', { name: 'Draft heads of terms for consortium 1' }).click();
    await expect.poll(() => page.locator('.govuk-caption-l').textContent()).toBe('Draft heads of terms');
    const headings = await page.locator('h2.govuk-heading-m').allTextContents();
    expect(headings.slice(0, 3)).toEqual(['1. Status of this document', '2. The parties', '3. Purpose and the tender']);
    expect(headings.at(-1)).toBe('Questions for the partners');
    expect(await page.locator('.govuk-summary-list__key').first().textContent()).toContain(SEEKER_NAME);
    expect(await page.locator('.govuk-inset-text').count()).toBeGreaterThan(3);
    await expectAccessible(page);

    // Another model: the parties' roles follow it.
    await page.getByLabel('Partnership model').selectOption('alliance');
    await page.getByRole('button', { name: 'Redraft' }).click();
    await expect.poll(() => page.url()).toContain('model=alliance');
    expect(await page.locator('.govuk-summary-list__value').first().textContent()).toContain('Alliance member');

    const href = await page.getByRole('link', { name: 'Download as a Word document (.docx)' }).getAttribute('href');
    const docx = await page.request.get(suite.app.url + href!);
    expect(docx.status()).toBe(200);
    expect(docx.headers()['content-type']).toContain('wordprocessingml');
    expect((await docx.body()).subarray(0, 2).toString()).toBe('PK');
    const pdfHref = await page.getByRole('link', { name: 'as a PDF' }).getAttribute('href');
    const pdf = await page.request.get(suite.app.url + pdfHref!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('when a refresh run has completed, then the nightly list shows the best partners in general', async () => {
    const before = await open(`/organisations/${SEEKER}/best-partners`);
    expect(await before.locator('.govuk-inset-text').first().textContent()).toMatch(/No partner-score refresh has completed yet/);
    const runId = await refreshNow(suite.app);
    const page = await open(`/organisations/${SEEKER}/best-partners`);
    expect(await page.locator('.govuk-summary-card').count()).toBe(10);
    expect(await page.getByRole('link', { name: runId }).count()).toBe(1);
    await expectAccessible(page);
  }, 150_000);
});
