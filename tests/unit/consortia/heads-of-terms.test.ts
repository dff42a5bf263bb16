import { describe, expect, it } from 'vitest';
import { describeChosenConsortium } from '../../../src/consortia/builder.ts';
import { headsOfTermsPdf } from '../../../src/consortia/heads-of-terms-pdf.ts';
import { draftHeadsOfTerms, governingLawOf, identifierOf, type HeadsOfTerms } from '../../../src/consortia/heads-of-terms.ts';
import { HONOUR_NO_VETO } from '../../../src/matching/vetoes.ts';
import { CONSORTIUM_MODELS, type ConsortiumModel } from '../../../src/consortia/models.ts';
import type { Organisation } from '../../../src/organisations/schema.ts';
import { buildOrganisation, buildTender } from '../../builders.ts';
import { CHILDREN, DEVON, HOME_CARE, NOW, ref, YOUTH } from './fixtures.ts';
import { readPdf } from '../../support/pdf-text.ts';

const lead = buildOrganisation({
  id: 'GB-CHC-1100001',
  name: 'Devon Youth Mutual',
  kind: 'public_service_mutual',
  legalForm: 'cic',
  services: [YOUTH, CHILDREN],
  areas: [DEVON],
  annualTurnoverGbp: 3_000_000,
  waysOfWorking: { decisionSpeed: 'days', governance: 'staff_led', commercialMaturity: 'established' },
});
const homeCare = buildOrganisation({
  id: 'GB-COH-09876543',
  name: 'Westcountry Home Care',
  kind: 'social_enterprise',
  legalForm: 'company_limited_by_guarantee',
  services: [HOME_CARE],
  areas: [DEVON],
  annualTurnoverGbp: 1_000_000,
  waysOfWorking: { decisionSpeed: 'months', governance: 'board_led', commercialMaturity: 'established' },
  private: { doNotPartnerWith: ['GB-CHC-1100001'], redLines: ['never TUPE'], bidPlans: ['Plymouth bid 2027'] },
});
const tender = buildTender({
  title: 'Devon family support',
  buyer: { name: 'Devon County Council' },
  cpvCodes: [CHILDREN, HOME_CARE],
  deliveryAreas: [DEVON],
  valueGbp: 8_000_000,
  contractStart: '2027-04-01T00:00:00Z',
  contractEnd: '2031-03-31T00:00:00Z',
  submissionDeadline: '2026-09-30T12:00:00Z',
});

function draft(model?: ConsortiumModel, partners: Organisation[] = [homeCare]): HeadsOfTerms {
  const response = describeChosenConsortium({ ref, tender, lead, pool: partners, now: NOW, vetoes: HONOUR_NO_VETO });
  return draftHeadsOfTerms({
    response,
    consortium: response.consortia[0],
    tender,
    organisations: [lead, ...partners],
    model,
    now: NOW,
  });
}
const section = (hot: HeadsOfTerms, id: string) => hot.sections.find((s) => s.id === id)!;
const text = (hot: HeadsOfTerms, id: string) =>
  section(hot, id)
    .paragraphs.map((p) => p.text)
    .join('\n');

describe('draft heads of terms', () => {
  it('has every section, in order, for every model, and says it is a starting point, not legal advice', () => {
    for (const model of CONSORTIUM_MODELS) {
      const hot = draft(model);
      expect(hot.sections.map((s) => s.id)).toEqual([
        'status', 'parties', 'purpose', 'structure', 'delivery', 'value', 'liability',
        'governance', 'data', 'ip', 'exclusivity', 'costs', 'outcome', 'exit',
      ]); // prettier-ignore
      expect(hot.disclaimer).toContain('not legal advice');
      expect(hot.model.model).toBe(model);
      expect(hot.model.chosenBy).toBe('partners');
      for (const s of hot.sections) expect(s.paragraphs.length, `${model} ${s.id}`).toBeGreaterThan(0);
    }
  });

  it('names the parties with their register numbers, kinds and legal forms', () => {
    const hot = draft('prime_subcontractors');
    expect(hot.parties.map((p) => [p.name, p.identifier])).toEqual([
      ['Devon Youth Mutual', 'GB-CHC-1100001: registered charity number 1100001 (Charity Commission for England and Wales)'],
      ['Westcountry Home Care', 'GB-COH-09876543: company number 09876543 (Companies House)'],
    ]);
    expect(text(hot, 'parties')).toContain('Devon Youth Mutual (public service mutual, community interest company;');
    expect(identifierOf('CNS-DEMO-1')).toContain('give the registered number');
  });

  it('drafts roles from the model: a prime and its subcontractors; founding members of a new CIC; alliance members', () => {
    const prime = draft('prime_subcontractors');
    const primeName = prime.parties.find((p) => p.role.startsWith('Prime contractor'))!.name;
    expect(prime.parties.filter((p) => p.role === `Subcontractor to ${primeName}`)).toHaveLength(1);
    expect(text(prime, 'structure')).toContain(`${primeName} bids and, if successful, holds the contract with the commissioner`);
    expect(text(prime, 'outcome')).toContain(
      'the parties enter into subcontracts on these terms before the contract starts on 1 April 2027',
    );

    const cic = draft('community_interest_company');
    expect(cic.parties.every((p) => p.role === 'Founding member of a new community interest company (CIC)')).toBe(true);
    expect(text(cic, 'governance')).toContain(
      'The new community interest company (CIC) has a board with one director nominated by each member',
    );
    expect(section(cic, 'structure').paragraphs.some((p) => p.question && p.text.includes('newly incorporated entity'))).toBe(true);

    const alliance = draft('alliance');
    expect(alliance.parties.map((p) => p.role)).toEqual(['Alliance member and co-ordinator', 'Alliance member']);
    expect(text(alliance, 'liability')).toContain('Each member for its own contract with the commissioner');
  });

  it('fills who delivers what where, and the indicative shares, from the consortium’s facts', () => {
    const hot = draft('contractual_joint_venture');
    const delivery = text(hot, 'delivery');
    expect(delivery).toContain(
      'Devon Youth Mutual delivers 85311300 Welfare services for children and young people across the whole delivery area (Devon)',
    );
    expect(delivery).toContain(
      'Westcountry Home Care delivers 85312400 Welfare services not delivered through residential institutions across the whole delivery area (Devon)',
    );
    // £8m over 4 years = £2m a year, one service each: £1m each
    expect(text(hot, 'value')).toContain('Devon Youth Mutual: about £1.0m a year (50% of the value).');
    expect(text(hot, 'value')).toContain(
      'Westcountry Home Care: about £1.0m a year (50% of the value), more than it can carry for its size.',
    );
    expect(text(hot, 'purpose')).toContain('estimated at £8.0m over 4 years, with bids due by 30 September 2026');
    expect(text(hot, 'governance')).toContain('Devon Youth Mutual: days; Westcountry Home Care: months');
  });

  it('marks what the team does not cover as a question to settle, never as agreed', () => {
    const partner = buildOrganisation({ id: 'GB-CHC-2', name: 'Elsewhere Trust', services: [YOUTH], areas: [DEVON] });
    const hot = draft('prime_subcontractors', [partner]);
    const gap = section(hot, 'delivery').paragraphs.find((p) => p.text.startsWith('No party covers 85312400'))!;
    expect(gap.question).toBe(true);
    expect(hot.questions).toContain(gap.text);
    expect(text(hot, 'delivery')).toContain('Elsewhere Trust delivers none of the services the tender asks for in its area');
  });

  it('says a member that covers no service is there for its turnover, and whether that turnover is demo data', () => {
    const backer = buildOrganisation({
      id: 'GB-CHC-3',
      name: 'Big Backer Trust',
      services: [YOUTH],
      areas: [DEVON],
      annualTurnoverGbp: 9_000_000,
      provenance: { annualTurnoverGbp: { kind: 'synthetic' } },
    });
    const hot = draft('prime_subcontractors', [homeCare, backer]);
    expect(text(hot, 'delivery')).toContain(
      'Big Backer Trust delivers none of the services the tender asks for in its area; it is in the team for its turnover, £9.0m (demo data), towards the £4.0m the tender asks of a bidder.',
    );
    expect(text(hot, 'value')).not.toContain('Big Backer Trust');
  });

  it('when the partners choose a model the advice ranks lower, it asks them to confirm why', () => {
    const advised = draft();
    expect(advised.model.chosenBy).toBe('advice');
    expect(advised.model.adviceRank).toBe(1);
    const other = CONSORTIUM_MODELS.find((m) => m !== advised.model.model)!;
    const chosen = draft(other);
    expect(chosen.model.adviceRank).toBeGreaterThan(1);
    expect(section(chosen, 'structure').paragraphs.some((p) => p.question && p.text.includes('confirm why the partners prefer it'))).toBe(
      true,
    );
  });

  it('says when the tender is a demo tender rather than a published notice', () => {
    const demo = { ...tender, source: { kind: 'synthetic' as const } };
    const response = describeChosenConsortium({ ref, tender: demo, lead, pool: [homeCare], now: NOW, vetoes: HONOUR_NO_VETO });
    const hot = draftHeadsOfTerms({
      response,
      consortium: response.consortia[0],
      tender: demo,
      organisations: [lead, homeCare],
      now: NOW,
    });
    expect(text(hot, 'purpose')).toContain(`(${tender.id}, a demo tender, not a published notice)`);
    expect(text(draft(), 'purpose')).not.toContain('demo tender');
  });

  it('never reads a party’s private fields', () => {
    const json = JSON.stringify(draft('prime_subcontractors'));
    expect(json).not.toContain('never TUPE');
    expect(json).not.toContain('Plymouth bid 2027');
  });

  it('takes the governing law from where the service is delivered', () => {
    expect(governingLawOf(['S12000036'])).toBe('Scots law, the courts of Scotland');
    expect(governingLawOf(['N09000003'])).toBe('the law and courts of Northern Ireland');
    expect(governingLawOf([DEVON, 'W06000015'])).toBe('the law of England and Wales, the courts of England and Wales');
  });

  it('as a PDF: every section of every model in order, questions marked, tagged for screen readers, names as written', async () => {
    const welsh = buildOrganisation({ ...homeCare, id: 'GB-CHC-1199999', name: 'Gofal Cartref Gŵyl Dŵr', private: undefined });
    for (const model of CONSORTIUM_MODELS) {
      const hot = draft(model, [welsh]);
      const pdf = await readPdf(await headsOfTermsPdf(hot));
      const text = pdf.text.replace(/\s+/g, ' ');
      expect(pdf.title).toBe(hot.title);
      expect(pdf.language).toBe('en-GB');
      expect(pdf.tagged).toBe(true);
      expect(pdf.roles).toEqual(expect.arrayContaining(['H1', 'H2', 'P', 'L', 'LI']));
      expect(text).toContain('Gofal Cartref Gŵyl Dŵr');
      let at = 0;
      hot.sections.forEach((s, i) => {
        const next = text.indexOf(`${i + 1}. ${s.heading}`, at);
        expect(next, `${model}: section ${s.heading} after the one before`).toBeGreaterThan(at);
        at = next;
      });
      const question = hot.sections.flatMap((s) => s.paragraphs).find((p) => p.question)!;
      expect(text).toContain(`To settle: ${question.text}`.replace(/\s+/g, ' '));
      expect(text).toContain('Questions for the partners');
      expect(text).toMatch(/Page 1 of \d+/);
    }
  }, 30_000);
});
