/** Known answers from the real files in data/reference (each fact checked against the CSVs). */
import { describe, expect, it } from 'vitest';
import { defaultReference, loadReference } from '../../../src/reference/load.ts';

const { geography: geo } = defaultReference();

describe('the UK geography in data/reference', () => {
  it('when England is expanded, then its 296 current LADs are returned', () => {
    expect(geo.lads('E92000001')).toHaveLength(296);
  });

  it('when the UK and its country groups are expanded, then they hold 361, 350 and 318 LADs', () => {
    expect(geo.lads('K02000001')).toHaveLength(361); // 296 + 22 Welsh + 32 Scottish + 11 Northern Irish
    expect(geo.lads('K03000001')).toHaveLength(350);
    expect(geo.lads('K04000001')).toHaveLength(318);
    expect(geo.lads('W92000004')).toHaveLength(22);
  });

  it('when Devon county is expanded, then its 8 districts including Exeter are returned', () => {
    const devon = geo.lads('E10000008');
    expect(devon).toHaveLength(8);
    expect(devon).toContain('E07000041');
  });

  it('when a Devon district is displayed, then Devon county is shown', () => {
    expect(geo.displayArea('E07000041')).toMatchObject({ code: 'E10000008', name: 'Devon', level: 'utla' });
  });

  it('when Plymouth is placed, then it borders Cornwall and South Hams and lies in the South West', () => {
    expect(geo.neighbours('E06000026')).toEqual(['E06000052', 'E07000044']);
    expect(geo.regionOf('E06000026')).toBe('E12000009');
    expect(geo.displayArea('E06000026')?.code).toBe('E06000026');
  });

  it('when an island authority is placed, then it has no boundary neighbours', () => {
    expect(geo.neighbours('E06000046')).toEqual([]); // Isle of Wight
  });

  it('when every LAD is checked, then each has a centroid, a region and a nation', () => {
    const lads = [...geo.all()].filter((a) => a.level === 'lad');
    expect(lads).toHaveLength(361);
    for (const a of lads) {
      expect(a.latitude, a.code).toBeTypeOf('number');
      expect(geo.regionOf(a.code), a.code).toBeDefined();
      expect(geo.nationOf(a.code), a.code).toMatch(/^[EWSN]92/);
    }
  });

  it('when adjacency is read, then it is symmetric', () => {
    for (const a of geo.lads('K02000001')) for (const b of geo.neighbours(a)) expect(geo.neighbours(b), `${b}→${a}`).toContain(a);
  });

  it('when a Welsh LAD is placed, then its region is the nation Wales', () => {
    expect(geo.regionOf('W06000011')).toBe('W92000004'); // Swansea
    expect(geo.nationOf('W06000011')).toBe('W92000004');
  });

  it('when Plymouth and Exeter are compared, then their centroids are about 55 km apart', () => {
    expect(geo.distanceKm('E06000026', 'E07000041')).toBeGreaterThan(50);
    expect(geo.distanceKm('E06000026', 'E07000041')).toBeLessThan(60);
  });

  it('when a merged district code is used, then it stands for the new unitary', () => {
    expect(geo.canonical('E07000026')).toBe('E06000063'); // Allerdale → Cumberland
    expect(geo.regionOf('E07000026')).toBe('E12000002');
    expect(geo.canonical('E08000019')).toBe('E08000039'); // Sheffield recode
  });
});

describe('NUTS and ITL codes in data/reference', () => {
  it('when the South West is given as NUTS1 or ITL1, then the E12 region is returned', () => {
    expect(geo.fromNutsOrItl('UKK')).toBe('E12000009');
    expect(geo.fromNutsOrItl('TLK')).toBe('E12000009');
  });

  it('when a nation is given as NUTS1, then the nation is returned', () => {
    expect(geo.fromNutsOrItl('UKL')).toBe('W92000004');
    expect(geo.fromNutsOrItl('UKM')).toBe('S92000003');
    expect(geo.fromNutsOrItl('TLN')).toBe('N92000002');
  });

  it('when Devon is given as NUTS3, then Devon county is returned exactly', () => {
    expect(geo.fromNutsOrItl('UKK43')).toBe('E10000008');
    expect(geo.ladsForNutsOrItl('UKK43')).toEqual(geo.lads('E10000008'));
  });

  it('when a Welsh NUTS3 is given, then a Welsh area is returned', () => {
    const area = geo.fromNutsOrItl('UKL18');
    expect(area).toBe('W06000011'); // Swansea
    expect(geo.nationOf(area!)).toBe('W92000004');
  });

  it('when a Scottish NUTS3 spans two councils, then Scotland is returned and the exact LADs are available', () => {
    expect(geo.fromNutsOrItl('UKM71')).toBe('S92000003');
    expect(geo.ladsForNutsOrItl('UKM71')).toEqual(['S12000041', 'S12000042']); // Angus, Dundee City
  });

  it('when NUTS2 and NUTS3 codes from every nation and region are resolved, then each gives an area', () => {
    for (const code of [
      'UKC11',
      'UKD72',
      'UKE32',
      'UKF14',
      'UKG31',
      'UKH12',
      'UKI31',
      'UKJ11',
      'UKK41',
      'UKL22',
      'UKM50',
      'UKN06',
      'UKI4',
      'UKM9',
    ]) {
      expect(geo.fromNutsOrItl(code), code).toBeDefined();
    }
  });
});

describe('names in data/reference', () => {
  it.each([
    ['North East', 'E12000001'],
    ['Yorkshire and the Humber', 'E12000003'],
    ['East of England', 'E12000006'],
    ['London', 'E12000007'],
    ['South West', 'E12000009'],
    ['West Midlands', 'E12000005'], // the region, not the combined authority of the same name
    ['England', 'E92000001'],
    ['Scotland', 'S92000003'],
    ['Wales', 'W92000004'],
    ['Northern Ireland', 'N92000002'],
    ['United Kingdom', 'K02000001'],
    ['UK', 'K02000001'],
    ['Swansea', 'W06000011'],
    ['Devon', 'E10000008'],
    ['Devon County Council', 'E10000008'],
    ['Bristol, City of', 'E06000023'],
    ['City of Bristol', 'E06000023'],
    ['Brighton & Hove', 'E06000043'],
    ['County Durham', 'E06000047'],
    ['City of London', 'E09000001'],
    ['London Borough of Camden', 'E09000007'],
    ['Glasgow', 'S12000049'],
    ['Abertawe', 'W06000011'], // Welsh name of Swansea
    ['Allerdale', 'E06000063'], // retired district → Cumberland
  ])('when the name is "%s", then the area is %s', (name, code) => {
    expect(geo.fromName(name)).toBe(code);
  });
});

describe('loadReference', () => {
  it('when given a directory without the files, then it fails naming the missing file', () => {
    expect(() => loadReference('/nonexistent')).toThrow(/cpv_2008_en\.csv/);
  });

  it('when called for the default instance twice, then the same object is returned', () => {
    expect(defaultReference()).toBe(defaultReference());
  });
});
