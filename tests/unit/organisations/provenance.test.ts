import { describe, expect, it } from 'vitest';
import { normaliseOrganisation } from '../../../src/organisations/normalise.ts';
import { citeSource, serviceSource, sourceOf } from '../../../src/organisations/provenance.ts';
import { OrganisationInput } from '../../../src/organisations/schema.ts';
import { referenceIssues } from '../../../src/organisations/validate.ts';
import { defaultReference } from '../../../src/reference/load.ts';
import { buildOrganisation } from '../../builders.ts';

const ref = defaultReference();
const TRAFFORD = 'E08000009';
const NORTH_WEST = 'E12000002';

describe('provenance of organisation facts', () => {
  it('when a fact has no recorded source, then it reads as declared by the organisation', () => {
    const org = buildOrganisation({
      services: ['85311200'],
      provenance: { staff: { kind: 'register', register: 'ccni', record: '100123' } },
    });
    expect(sourceOf(org.provenance, 'staff').kind).toBe('register');
    expect(sourceOf(org.provenance, 'annualTurnoverGbp')).toEqual({ kind: 'declared' });
    expect(serviceSource(org.provenance, '85311200')).toEqual({ kind: 'declared' });
  });

  it('when a source is cited, then it names the register and year, or says demo data', () => {
    expect(citeSource({ kind: 'register', register: 'charity-commission', date: '2021-05' }, 'area of operation')).toBe(
      'Charity Commission area of operation, 2021',
    );
    expect(citeSource({ kind: 'synthetic' })).toBe('demo data');
    expect(citeSource({ kind: 'inferred', rule: 'activity keywords' })).toBe('inferred: activity keywords');
  });

  it('when a source has an unknown field or a malformed date, then the input is rejected naming it', () => {
    const bad = OrganisationInput.safeParse({
      name: 'X',
      kind: 'charity',
      provenance: { staff: { kind: 'register', date: '21/05/2021', when: 'x' } },
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('provenance.staff.date');
    expect(paths).toContain('provenance.staff');
  });

  it('when the base area is a region, or provenance names an unlisted code, then reference checks say so', () => {
    const issues = referenceIssues(
      { services: ['85311200'], areas: [TRAFFORD], baseArea: NORTH_WEST, provenance: { services: { '85312000': { kind: 'declared' } } } },
      ref,
    );
    expect(issues.map((i) => i.path)).toEqual(['baseArea', 'provenance.services.85312000']);
    expect(
      referenceIssues({ services: [], areas: [], baseArea: TRAFFORD, provenance: { areas: { [TRAFFORD]: { kind: 'register' } } } }, ref),
    ).toEqual([]);
  });

  it('when an organisation has a base area, then normalisation lists it among its areas', () => {
    const org = normaliseOrganisation(buildOrganisation({ areas: [NORTH_WEST], baseArea: TRAFFORD }));
    expect(org.areas).toEqual([TRAFFORD, NORTH_WEST].sort());
  });
});
