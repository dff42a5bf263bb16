import { describe, expect, it } from 'vitest';
import { ReferenceDataError } from '../../../src/reference/errors.ts';
import { buildGeography, haversineKm, normaliseName, type GeographyTables } from '../../../src/reference/geography.ts';

/** A two-county toy country: county A (two districts) and a unitary U in region R; one Welsh LAD. */
function tables(overrides: Partial<GeographyTables> = {}): GeographyTables {
  return {
    countryGroups: [
      { code: 'K02000001', name: 'United Kingdom', aliases: ['UK'] },
      { code: 'K04000001', name: 'England and Wales' },
    ],
    nations: [
      { code: 'E92000001', name: 'England', groups: ['K04000001', 'K02000001'] },
      { code: 'W92000004', name: 'Wales', groups: ['K04000001', 'K02000001'] },
    ],
    regions: [
      { code: 'E12000009', name: 'South West', nuts1: 'UKK', itl1: 'TLK', aliases: ['South West (England)'] },
      { code: 'W92000004', name: 'Wales', nuts1: 'UKL', itl1: 'TLL' },
    ],
    cauths: [{ code: 'E47000009', name: 'West of England', region: 'E12000009' }],
    utlas: [
      { code: 'E10000001', name: 'Ayshire', region: 'E12000009', latitude: 50.5, longitude: -3.5 },
      { code: 'E06000001', name: 'Unity, City of', region: 'E12000009' },
    ],
    lads: [
      { code: 'E07000001', name: 'North Ay', utla: 'E10000001', region: 'E12000009', nation: 'E92000001', latitude: 51, longitude: -3 },
      { code: 'E07000002', name: 'South Ay', utla: 'E10000001', region: 'E12000009', nation: 'E92000001', latitude: 50, longitude: -4 },
      {
        code: 'E06000001',
        name: 'Unity, City of',
        utla: 'E06000001',
        cauth: 'E47000009',
        region: 'E12000009',
        nation: 'E92000001',
        latitude: 51.5,
        longitude: -2.5,
      },
      {
        code: 'W06000001',
        name: 'Isle of Anglesey',
        utla: 'W06000001',
        nation: 'W92000004',
        latitude: 53.3,
        longitude: -4.3,
        aliases: ['Ynys Môn'],
      },
    ],
    retiredLads: [{ code: 'E07000099', name: 'Old Ay', successor: 'E07000002' }],
    adjacency: [
      { lad: 'E07000001', neighbour: 'E07000002' },
      { lad: 'E07000001', neighbour: 'E06000001' },
    ],
    nuts: [
      { lad: 'E07000001', nuts3: 'UKK11', nuts2: 'UKK1', nuts1: 'UKK' },
      { lad: 'E07000099', nuts3: 'UKK11', nuts2: 'UKK1', nuts1: 'UKK' },
      { lad: 'E06000001', nuts3: 'UKK12', nuts2: 'UKK1', nuts1: 'UKK' },
      { lad: 'W06000001', nuts3: 'UKL11', nuts2: 'UKL1', nuts1: 'UKL' },
    ],
    ...overrides,
  };
}

describe('buildGeography on a hand-built country', () => {
  const geo = buildGeography(tables());

  it('when a county is expanded, then its districts are returned', () => {
    expect(geo.lads('E10000001')).toEqual(['E07000001', 'E07000002']);
  });

  it('when a region, nation or country group is expanded, then every LAD inside it is returned', () => {
    expect(geo.lads('E12000009')).toEqual(['E06000001', 'E07000001', 'E07000002']);
    expect(geo.lads('E92000001')).toHaveLength(3);
    expect(geo.lads('K02000001')).toHaveLength(4);
    expect(geo.lads('E47000009')).toEqual(['E06000001']);
  });

  it('when a LAD or an unknown code is expanded, then it stands for itself', () => {
    expect(geo.lads('E07000001')).toEqual(['E07000001']);
    expect(geo.lads('X99')).toEqual(['X99']);
  });

  it('when a unitary authority is looked up, then it is one lad-level area that is its own upper tier', () => {
    expect(geo.get('E06000001')).toMatchObject({ level: 'lad', utla: 'E06000001', cauth: 'E47000009' });
    expect(geo.displayArea('E06000001')?.code).toBe('E06000001');
  });

  it('when a district is displayed, then its county is shown', () => {
    expect(geo.displayArea('E07000002')?.name).toBe('Ayshire');
  });

  it('when a Welsh LAD is placed, then its region and nation are Wales', () => {
    expect(geo.regionOf('W06000001')).toBe('W92000004');
    expect(geo.nationOf('W06000001')).toBe('W92000004');
    expect(geo.regionOf('E92000001')).toBeUndefined();
    expect(geo.nationOf('K02000001')).toBeUndefined();
  });

  it('when a retired LAD code is used, then it stands for its successor', () => {
    expect(geo.has('E07000099')).toBe(false);
    expect(geo.canonical('E07000099')).toBe('E07000002');
    expect(geo.lads('E07000099')).toEqual(['E07000002']);
    expect(geo.displayArea('E07000099')?.code).toBe('E10000001');
    expect(geo.fromName('Old Ay')).toBe('E07000002');
  });

  it('when adjacency is given one way, then neighbours work both ways', () => {
    expect(geo.neighbours('E07000001')).toEqual(['E06000001', 'E07000002']);
    expect(geo.neighbours('E06000001')).toEqual(['E07000001']);
    expect(geo.neighbours('W06000001')).toEqual([]);
  });

  it('when a NUTS3 area covers one LAD, then that LAD is returned', () => {
    expect(geo.fromNutsOrItl('UKK12')).toBe('E06000001');
    expect(geo.fromNutsOrItl('TLK12')).toBe('E06000001');
  });

  it('when a NUTS3 area covers several LADs, then the smallest area containing them all is returned', () => {
    // UKK11 holds North Ay and (through its retired code) South Ay: exactly the county.
    expect(geo.ladsForNutsOrItl('UKK11')).toEqual(['E07000001', 'E07000002']);
    expect(geo.fromNutsOrItl('UKK11')).toBe('E10000001');
    // UKK1 spans the county and the unitary: the region.
    expect(geo.fromNutsOrItl('UKK1')).toBe('E12000009');
  });

  it('when a level-1 code or an unknown sub-code is given, then the region or nation is returned', () => {
    expect(geo.fromNutsOrItl('UKK')).toBe('E12000009');
    expect(geo.fromNutsOrItl('tll')).toBe('W92000004');
    expect(geo.fromNutsOrItl('TLK99')).toBe('E12000009');
    expect(geo.fromNutsOrItl('UK')).toBe('K02000001');
    expect(geo.fromNutsOrItl('UKZ')).toBeUndefined();
  });

  it('when names differ in case, spacing, "&" or council wording, then they still resolve', () => {
    expect(geo.fromName('  south   WEST ')).toBe('E12000009');
    expect(geo.fromName('South West (England)')).toBe('E12000009');
    expect(geo.fromName('City of Unity')).toBe('E06000001');
    expect(geo.fromName('Unity City Council')).toBe('E06000001');
    expect(geo.fromName('Ayshire County Council')).toBe('E10000001');
    expect(geo.fromName('ynys mon')).toBe('W06000001');
    expect(geo.fromName('uk')).toBe('K02000001');
    expect(geo.fromName('Nowhere')).toBeUndefined();
  });

  it('when a county has no centroid of its own, then the mean of its districts is used', () => {
    const g = buildGeography(tables({ utlas: [{ code: 'E10000001', name: 'Ayshire', region: 'E12000009' }, tables().utlas[1]] }));
    expect(g.get('E10000001')).toMatchObject({ latitude: 50.5, longitude: -3.5 });
  });

  it('when two areas have centroids, then distanceKm is the great-circle distance', () => {
    expect(geo.distanceKm('E07000001', 'E07000002')).toBeCloseTo(
      haversineKm({ latitude: 51, longitude: -3 }, { latitude: 50, longitude: -4 }),
      6,
    );
    expect(geo.distanceKm('E07000001', 'E07000001')).toBe(0);
    expect(geo.distanceKm('E07000001', 'X99')).toBeUndefined();
  });

  it('when a row names an area that does not exist, then the build fails', () => {
    const bad = tables({ adjacency: [{ lad: 'E07000001', neighbour: 'E07000123' }] });
    expect(() => buildGeography(bad)).toThrow(ReferenceDataError);
    expect(() => buildGeography(bad)).toThrow(/E07000123/);
  });
});

describe('haversineKm', () => {
  it('when two points are one degree of latitude apart, then they are about 111 km apart', () => {
    expect(haversineKm({ latitude: 50, longitude: 0 }, { latitude: 51, longitude: 0 })).toBeCloseTo(111.2, 1);
  });
});

describe('normaliseName', () => {
  it('when a name has accents, ampersands and punctuation, then they are folded', () => {
    expect(normaliseName('Brighton & Hove')).toBe('brighton and hove');
    expect(normaliseName('Bristol, City of')).toBe('bristol city of');
    expect(normaliseName("King's Lynn and West Norfolk")).toBe('kings lynn and west norfolk');
    expect(normaliseName('Ynys Môn')).toBe('ynys mon');
  });
});
