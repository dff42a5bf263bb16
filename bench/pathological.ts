/**
 * The inputs that once stalled or broke the service (issue #16 item 4), as HTTP requests: the test
 * (tests/e2e/pathological.test.ts) and the benchmark (bench/edge.ts) send the same ones. `expect` says what a correct
 * answer is: the tender stored with the place found, or a 4xx naming the problem.
 */
export interface PathologicalCase {
  name: string;
  method: 'POST' | 'PUT';
  path: string;
  body: string;
  /** 'stored': 200/201 and `check` holds on the JSON answer; a number: that status */
  expect: 'stored' | 400 | 413;
  check?: (answer: Record<string, unknown>) => boolean;
}

const repeat = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** An OCDS release of one Devon home-care tender; `tender` fields replace the defaults. */
function release(ocid: string, tender: Record<string, unknown>): string {
  return JSON.stringify({
    ocid,
    id: `${ocid}-r1`,
    date: '2026-01-01T00:00:00Z',
    tag: ['tender'],
    tender: {
      id: 't1',
      title: 'Home care',
      status: 'active',
      classification: { scheme: 'CPV', id: '85311000' },
      items: [{ id: '1', classification: { scheme: 'CPV', id: '85311000' }, deliveryAddresses: [{ region: 'Devon' }] }],
      ...tender,
    },
  });
}

const item = (deliveryAddresses: unknown) => [{ id: '1', classification: { scheme: 'CPV', id: '85311000' }, deliveryAddresses }];
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const DEVON = 'E10000008';
const inDevon = (a: Record<string, unknown>) => Array.isArray(a.deliveryAreas) && a.deliveryAreas.includes(DEVON);

export function pathologicalCases(): PathologicalCase[] {
  return [
    {
      name: 'OCDS delivery-address locality of 7.7 KB',
      method: 'POST',
      path: '/v1/tenders',
      body: release('ocds-patho-1', { items: item([{ locality: repeat('Devon and ', 7700) }]) }),
      expect: 'stored',
      check: inDevon,
    },
    {
      name: 'OCDS delivery-address locality of 16 KB',
      method: 'POST',
      path: '/v1/tenders',
      body: release('ocds-patho-2', { items: item([{ locality: repeat('Devon and ', 16_000) }]) }),
      expect: 'stored',
      check: inDevon,
    },
    {
      name: 'OCDS title of 80 KB',
      method: 'POST',
      path: '/v1/tenders',
      body: release('ocds-patho-3', { title: `Home care${repeat('rn Please note', 80_000)}` }),
      expect: 'stored',
      check: (a) => typeof a.title === 'string' && a.title.length <= 1000 && a.title.startsWith('Home care'),
    },
    {
      name: 'OCDS title of 1 MB',
      method: 'POST',
      path: '/v1/tenders',
      body: release('ocds-patho-4', { title: `Home care${repeat('Xrn', 1_000_000)}` }),
      expect: 'stored',
      check: (a) => typeof a.title === 'string' && a.title.length <= 1000 && a.title.startsWith('Home care'),
    },
    {
      name: 'OCDS description of 960 KB',
      method: 'POST',
      path: '/v1/tenders',
      body: release('ocds-patho-5', { description: repeat('burnX', 960_000) }),
      expect: 'stored',
      check: (a) => typeof a.description === 'string' && a.description.length <= 20_000,
    },
    {
      name: 'organisation with a 1 MB `values` array of half a million items',
      method: 'POST',
      path: '/v1/organisations',
      body: JSON.stringify({ name: 'Patho', kind: 'charity', values: new Array<number>(500_000).fill(1) }),
      expect: 400,
    },
    {
      name: 'organisation body of 4.8 MB',
      method: 'POST',
      path: '/v1/organisations',
      body: JSON.stringify({ name: 'Patho', kind: 'charity', values: new Array<number>(2_400_000).fill(1) }),
      expect: 413,
    },
    {
      name: 'OCDS release nested 10,000 levels deep',
      method: 'POST',
      path: '/v1/tenders',
      body: `{"ocid":"ocds-patho-6","tender":${nested(10_000)}}`,
      expect: 400,
    },
    {
      name: 'OCDS release package with a release nested 10,000 levels deep',
      method: 'POST',
      path: '/v1/tenders',
      body: `{"releases":[${nested(10_000)}]}`,
      expect: 400,
    },
    {
      name: 'OCDS upload nested 10,000 levels deep',
      method: 'POST',
      path: '/v1/imports/ocds',
      body: `{"releases":[${nested(10_000)}]}`,
      expect: 400,
    },
    {
      name: 'match request nested 10,000 levels deep',
      method: 'POST',
      path: '/v1/matches',
      body: `{"seekerId":"GB-X-1","tender":${nested(10_000)}}`,
      expect: 400,
    },
  ];
}
