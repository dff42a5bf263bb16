import { describe, expect, it } from 'vitest';
import { defaultReference } from '../../../src/reference/load.ts';
import { SECTOR_LABELS, SECTORS } from '../../../src/reference/sectors.ts';

describe('sectorOf on the real CPV list', () => {
  const { cpv } = defaultReference();

  it.each([
    ['85311300', 'children_young_people'], // Welfare services for children and young people
    ['85312110', 'children_young_people'], // Child daycare services
    ['98133110', 'children_young_people'], // Services provided by youth associations
    ['85312000', 'social_care'], // Social work services without accommodation
    ['85311100', 'social_care'], // Welfare services for the elderly
    ['85300000', 'social_care'], // Social work and related services
    ['85100000', 'health'], // Health services
    ['85121291', 'health'], // Paediatric services: clinical, so health
    ['85323000', 'health'], // Community health services, filed under social services
    ['75122000', 'health'], // Administrative healthcare services
    ['80000000', 'education'], // Education and training services
    ['80110000', 'education'], // Pre-school education services
    ['92600000', 'culture_leisure'], // Sporting services
    ['92500000', 'culture_leisure'], // Library, archives, museums and other cultural services
    ['85000000', 'health'], // the bare health-and-social-work division counts as health
    ['85200000', 'other'], // Veterinary services
    ['75231240', 'other'], // Probation services
    ['45000000', 'other'], // Construction work
  ])('when the code is %s, then the sector is %s', (code, sector) => {
    expect(cpv.sectorOf(code)).toBe(sector);
  });

  it('when a code is not in the list, then its sector still follows its prefix', () => {
    expect(cpv.sectorOf('80999999')).toBe('education');
  });

  it('when a sector is named in a sentence, then the label reads naturally', () => {
    expect(`Competes with you for ${cpv.sectorLabel('social_care')} in Devon`).toBe('Competes with you for social care in Devon');
    expect(cpv.sectorLabel('children_young_people')).toBe("children and young people's services");
    expect(cpv.sectorLabel('culture_leisure')).toBe('culture and leisure');
    expect(cpv.sectorLabel('other')).toBe('other services');
  });

  it('when the sectors are listed, then all six have a label', () => {
    expect(SECTORS).toHaveLength(6);
    for (const s of SECTORS) expect(SECTOR_LABELS[s]).toBeTruthy();
  });
});
