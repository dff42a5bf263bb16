import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultReference } from '../../../src/reference/load.ts';
import type { Reference } from '../../../src/reference/types.ts';

/** A file under tests/fixtures, as text. */
export function fixture(path: string): string {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url)), 'utf8');
}

export function reference(): Reference {
  return defaultReference();
}

export const OCDS_SAMPLES = ['england_contracts_finder_2025.json', 'scotland_pcs_2019.json', 'wales_sell2wales_2025.json'] as const;

type Json = Record<string, unknown>;

/** The releases of a real sample package, as parsed JSON. */
export function sampleReleases(file: (typeof OCDS_SAMPLES)[number]): Json[] {
  return (JSON.parse(fixture(`ocds/${file}`)) as { releases: Json[] }).releases;
}

/** One real release by ocid (the first, when the ocid has several), deep-copied so tests may change it. */
export function sampleRelease(file: (typeof OCDS_SAMPLES)[number], ocid: string): Json {
  const found = sampleReleases(file).find((r) => r.ocid === ocid);
  if (!found) throw new Error(`no release ${ocid} in ${file}`);
  return structuredClone(found);
}

let seq = 0;

/**
 * A small valid OCDS release (one Contracts Finder-style item delivered in the North West, CPV 85312000);
 * `tender` fields are merged into the tender block, the rest into the release.
 */
export function buildRelease(overrides: Json & { tender?: Json } = {}): Json {
  seq++;
  const { tender, ...release } = overrides;
  return {
    ocid: `ocds-test-${seq}`,
    id: `ocds-test-${seq}-r1`,
    date: '2025-02-01T10:00:00Z',
    tag: ['tender'],
    tender: {
      id: `T-${seq}`,
      title: `Test tender ${seq}`,
      status: 'active',
      classification: { scheme: 'CPV', id: '85312000' },
      items: [{ id: '1', deliveryAddresses: [{ region: 'North West' }] }],
      ...tender,
    },
    ...release,
  };
}
