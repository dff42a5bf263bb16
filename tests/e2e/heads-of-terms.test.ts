/**
 * POST /v1/consortia/heads-of-terms over HTTP on the embedded store: the draft as JSON, as a Word document (unzipped
 * and read) and as a PDF (read back with pdf.js), and the errors a caller can make.
 */
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { buildOrganisation, buildTender } from '../builders.ts';
import { readPdf } from '../support/pdf-text.ts';
import { coreDeps, startTestServer } from './helpers.ts';

/** Text with its line breaks and runs of spaces as single spaces, as a PDF wraps it. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

const DEVON = 'E10000008';
const lead = buildOrganisation({
  id: 'GB-CHC-1100001',
  name: 'Devon Youth Mutual',
  kind: 'public_service_mutual',
  services: ['85311300'],
  areas: [DEVON],
});
const partner = buildOrganisation({ id: 'GB-COH-09876543', name: 'Westcountry Home Care', services: ['85312400'], areas: [DEVON] });
const tender = buildTender({
  id: 'T-DEVON',
  title: 'Devon family support',
  cpvCodes: ['85311300', '85312400'],
  deliveryAreas: [DEVON],
  valueGbp: 4_000_000,
});

let api: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  const store = new EmbeddedStore();
  await store.upsertOrganisations([lead, partner]);
  await store.upsertTenders([tender]);
  api = await startTestServer(coreDeps(store));
});
afterAll(() => api.close());

const body = { leadId: lead.id, partnerIds: [partner.id], tenderId: tender.id, model: 'prime_subcontractors' };

describe('POST /v1/consortia/heads-of-terms', () => {
  it('answers the draft and the chosen team as JSON', async () => {
    const res = await api.call('POST', '/v1/consortia/heads-of-terms', body);
    expect(res.status).toBe(200);
    expect(res.body.headsOfTerms.parties.map((p: { name: string }) => p.name)).toEqual(['Devon Youth Mutual', 'Westcountry Home Care']);
    expect(res.body.headsOfTerms.model).toMatchObject({ model: 'prime_subcontractors', chosenBy: 'partners' });
    expect(res.body.consortium.coverage.uncovered).toEqual([]);
    expect(res.body.headsOfTerms.questions.length).toBeGreaterThan(5);
  });

  it('answers a Word document with ?format=docx that holds the parties, the sections and the questions', async () => {
    const res = await fetch(`${api.server.url}/v1/consortia/heads-of-terms?format=docx`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers.get('content-disposition')).toContain('heads-of-terms-devon-family-support.docx');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const xml = strFromU8(files['word/document.xml']);
    for (const words of [
      'Heads of terms: Devon family support',
      'Westcountry Home Care',
      'Liability and insurance',
      'To settle: ',
      'not legal advice',
    ])
      expect(xml).toContain(words);
  });

  it('answers a tagged PDF with ?format=pdf that reads as the draft does: parties, every section, questions', async () => {
    const json = await api.call('POST', '/v1/consortia/heads-of-terms', body);
    const hot = json.body.headsOfTerms as { title: string; sections: { heading: string }[]; questions: string[] };
    const res = await fetch(`${api.server.url}/v1/consortia/heads-of-terms?format=pdf`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('heads-of-terms-devon-family-support.pdf');
    const pdf = await readPdf(new Uint8Array(await res.arrayBuffer()));
    expect(pdf.title).toBe(hot.title);
    expect(pdf.tagged).toBe(true);
    const text = flat(pdf.text);
    for (const words of ['Westcountry Home Care', 'not legal advice', ...hot.sections.map((s, i) => `${i + 1}. ${s.heading}`)])
      expect(text).toContain(flat(words));
    expect(text).toContain(flat(`To settle: ${hot.questions[0]}`));
  });

  it('refuses a repeated member, an unknown model and an unknown format, naming the field', async () => {
    const repeated = await api.call('POST', '/v1/consortia/heads-of-terms', { ...body, partnerIds: [partner.id, lead.id] });
    expect(repeated.status).toBe(400);
    expect(JSON.stringify(repeated.body)).toContain('partnerIds.1');
    expect(JSON.stringify(repeated.body)).toContain('the lead is already a member');
    const model = await api.call('POST', '/v1/consortia/heads-of-terms', { ...body, model: 'merger' });
    expect(model.status).toBe(400);
    expect(JSON.stringify(model.body)).toContain('model');
    const format = await api.call('POST', '/v1/consortia/heads-of-terms?format=rtf', body);
    expect(format.status).toBe(400);
    expect(JSON.stringify(format.body)).toContain('query.format');
  });

  it('answers 404 naming an unknown member', async () => {
    const res = await api.call('POST', '/v1/consortia/heads-of-terms', { ...body, partnerIds: ['GB-CHC-999'] });
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).toContain('GB-CHC-999');
  });
});
