import { describe, expect, it } from 'vitest';
import { buildCpvTaxonomy, normaliseCpvCode, type CpvRow } from '../../../src/reference/cpv.ts';
import { ReferenceDataError } from '../../../src/reference/errors.ts';
import { defaultReference } from '../../../src/reference/load.ts';

const tiny: CpvRow[] = [
  { code: '85000000', label: 'Health and social work services', level: 1 },
  { code: '85300000', label: 'Social work and related services', level: 2, parent: '85000000' },
  { code: '85310000', label: 'Social work services', level: 3, parent: '85300000' },
  { code: '85311000', label: 'Social work services with accommodation', level: 4, parent: '85310000' },
  { code: '85311300', label: 'Welfare services for children and young people', level: 5, parent: '85311000' },
  { code: '85312000', label: 'Social work services without accommodation', level: 4, parent: '85310000' },
  { code: '80000000', label: 'Education and training services', level: 1 },
];

describe('buildCpvTaxonomy on a hand-built tree', () => {
  const cpv = buildCpvTaxonomy(tiny, { lightRegime: ['85311300'] });

  it('when a subcategory is looked up, then its lineage runs from the code up to the division', () => {
    expect(cpv.lineage('85311300')).toEqual(['85311300', '85311000', '85310000', '85300000', '85000000']);
    expect(cpv.lineage('80000000')).toEqual(['80000000']);
  });

  it('when a class is expanded, then the code and every descendant are returned', () => {
    expect([...cpv.descendants('85310000')].sort()).toEqual(['85310000', '85311000', '85311300', '85312000']);
    expect(cpv.descendants('85312000')).toEqual(['85312000']);
  });

  it('when a code sits under an ancestor, then isWithin is true for it and the code itself only', () => {
    expect(cpv.isWithin('85311300', '85300000')).toBe(true);
    expect(cpv.isWithin('85311300', '85311300')).toBe(true);
    expect(cpv.isWithin('85300000', '85311300')).toBe(false);
    expect(cpv.isWithin('85312000', '85311000')).toBe(false);
  });

  it('when a code carries a check digit, then it is read as the bare 8-digit code', () => {
    expect(cpv.has('85311300-5')).toBe(true);
    expect(cpv.get('85311300-5')?.code).toBe('85311300');
  });

  it('when a code is unknown, then describe gives the bare code and lineage and descendants are empty', () => {
    expect(cpv.has('12345678')).toBe(false);
    expect(cpv.describe('12345678')).toBe('12345678');
    expect(cpv.lineage('12345678')).toEqual([]);
    expect(cpv.descendants('12345678')).toEqual([]);
    expect(cpv.isWithin('12345678', '12345678')).toBe(false);
  });

  it('when a code is on the light-regime list, then its entry is flagged', () => {
    expect(cpv.get('85311300')?.lightRegime).toBe(true);
    expect(cpv.get('85312000')?.lightRegime).toBeUndefined();
  });

  it('when a parent is missing from the rows, then the build fails naming the code', () => {
    expect(() => buildCpvTaxonomy([{ code: '85311300', label: 'x', level: 5, parent: '85311000' }])).toThrow(ReferenceDataError);
    expect(() => buildCpvTaxonomy([{ code: '85311300', label: 'x', level: 5, parent: '85311000' }])).toThrow(/85311300/);
  });

  it('when a code appears twice, then the build fails', () => {
    expect(() => buildCpvTaxonomy([tiny[0], tiny[0]])).toThrow(/duplicate/);
  });
});

describe('normaliseCpvCode', () => {
  it('when a code is already eight digits, then it is returned as it is; padded, suffixed or other input is trimmed and cut as before', () => {
    expect(normaliseCpvCode('85311300')).toBe('85311300');
    expect(normaliseCpvCode(' 85311300 ')).toBe('85311300');
    expect(normaliseCpvCode('85311300-5')).toBe('85311300');
    expect(normaliseCpvCode(' 85311300-5\t')).toBe('85311300');
    expect(normaliseCpvCode('8531130a')).toBe('8531130a');
    expect(normaliseCpvCode('8531130')).toBe('8531130');
    expect(normaliseCpvCode('853113000')).toBe('853113000');
    expect(normaliseCpvCode('８５３１１３００')).toBe('８５３１１３００');
  });
});

describe('the CPV 2008 list in data/reference', () => {
  const { cpv } = defaultReference();

  it('when loaded, then it holds all 9,454 codes, 45 of them divisions', () => {
    const all = [...cpv.all()];
    expect(all).toHaveLength(9454);
    expect(all.filter((e) => e.level === 1)).toHaveLength(45);
    expect(all.filter((e) => e.lightRegime)).toHaveLength(115);
  });

  it('when welfare services for children are described, then the code is followed by the official label', () => {
    expect(cpv.describe('85311300')).toBe('85311300 Welfare services for children and young people');
    expect(cpv.lineage('85311300').at(-1)).toBe('85000000');
    expect(cpv.lineage('85311300')).toHaveLength(5);
  });

  it('when any code is traced up, then its lineage ends at a division', () => {
    for (const entry of cpv.all()) {
      const top = cpv.get(cpv.lineage(entry.code).at(-1)!);
      expect(top?.level, entry.code).toBe(1);
    }
  });

  it('when social work services are expanded, then the children and elderly codes are among them', () => {
    const under = cpv.descendants('85310000');
    expect(under).toContain('85311300');
    expect(under).toContain('85311100');
    expect(under).not.toContain('85100000');
  });
});
