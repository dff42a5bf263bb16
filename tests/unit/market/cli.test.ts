import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { registerMarketCommand } from '../../../src/market/cli.ts';
import { registerOrganisationsCommand } from '../../../src/organisations/cli.ts';
import { defaultReference } from '../../../src/reference/load.ts';
import { noEvents } from '../../../src/shared/deps.ts';
import { ValidationError } from '../../../src/shared/errors.ts';
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store.ts';
import { buildOrganisation, buildTender } from '../../builders.ts';

const dir = mkdtempSync(join(tmpdir(), 'market-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli() {
  const store = new EmbeddedStore();
  await store.upsertOrganisations([
    buildOrganisation({ id: 'CLI-EXE', name: 'Exeter Care', kind: 'charity', staff: 5, services: ['85312400'], areas: ['E07000041'] }),
    buildOrganisation({
      id: 'CLI-LTD',
      name: 'Big Care Ltd',
      kind: 'private_provider',
      staff: 900,
      services: ['85312400'],
      areas: ['E10000008'],
    }),
  ]);
  await store.upsertTenders([
    buildTender({ id: 'CLI-TENDER', title: 'Home care in Exeter', cpvCodes: ['85312400'], deliveryAreas: ['E07000041'] }),
  ]);
  const deps = {
    store,
    ref: defaultReference(),
    now: () => new Date('2026-06-01T00:00:00Z'),
    events: noEvents,
    logger: pino({ level: 'silent' }),
  };
  const out: string[] = [];
  const program = new Command().exitOverride();
  const context = {
    out: (t: string) => out.push(t),
    err: new PassThrough(),
    withDeps: <T>(fn: (d: typeof deps) => Promise<T>) => fn(deps),
  };
  registerMarketCommand(program, context);
  registerOrganisationsCommand(program, context);
  return { out, run: (...args: string[]) => program.parseAsync(['node', 'consortia', ...args]) };
}

describe('consortia market and consortia orgs', () => {
  it('when a stored tender is named, then the market is printed and the engagement list written as CSV', async () => {
    const { out, run } = await cli();
    const csv = join(dir, 'list.csv');
    await run('market', '--tender-id', 'CLI-TENDER', '--csv', csv);
    expect(out[0]).toContain('Market for: Home care in Exeter (CLI-TENDER)');
    expect(out[0]).toContain('2 organisations credibly cover at least one cell: 1 charity and 1 private provider.');
    expect(out[0]).toContain('Rules in force (England, 2026-06-01): Procurement Act 2023 s.33');
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toBe('id,name,kind,sizeBand,vcse,presence,servicesMatched,areasMatched,evidence');
  });

  it('when organisations are searched by kind and area, then the matching ones are listed with their size band', async () => {
    const { out, run } = await cli();
    await run('orgs', '--kind', 'private_provider', '--area', 'E10000008');
    expect(out).toEqual(['1 organisation', '  CLI-LTD                Big Care Ltd · private_provider · large']);
  });

  it('when a filter is bad, then the CLI refuses it naming the field, as the API does', async () => {
    const { run } = await cli();
    await expect(run('orgs', '--service', '12345678')).rejects.toThrow(ValidationError);
    await expect(run('orgs', '--limit', '500')).rejects.toMatchObject({ issues: [{ path: 'limit' }] });
  });
});
