import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { proposeConsortia } from '../../../src/consortia/builder.ts';
import { formatConsortia, registerConsortiaCommand, registerHeadsOfTermsCommand } from '../../../src/consortia/cli.ts';
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store.ts';
import { buildOrganisation, buildTender } from '../../builders.ts';
import { CHILDREN, CORNWALL, DEVON, HOME_CARE, NOW, ref, YOUTH } from './fixtures.ts';
import { readPdf } from '../../support/pdf-text.ts';
import { HONOUR_EVERY_VETO } from '../../../src/matching/vetoes.ts';

describe('consortia CLI', () => {
  it('when consortia are found, then the printout shows each member with its role, the reasons and the advice', () => {
    const lead = buildOrganisation({
      id: 'LEAD-CLI',
      name: 'Lead Mutual',
      kind: 'public_service_mutual',
      services: [YOUTH],
      areas: [DEVON],
    });
    const kids = buildOrganisation({ id: 'ORG-KIDS', name: 'Kids Trust', services: [CHILDREN], areas: [DEVON] });
    const text = formatConsortia(
      proposeConsortia({
        ref,
        tender: buildTender({ title: 'Families', cpvCodes: [CHILDREN], deliveryAreas: [DEVON] }),
        lead,
        pool: [kids],
        now: NOW,
        vetoes: HONOUR_EVERY_VETO,
      }),
    );
    expect(text).toContain('Consortia for Lead Mutual (LEAD-CLI)');
    expect(text).toContain('* Lead Mutual');
    expect(text).toMatch(/Kids Trust\s+Only member delivering 85311300 Welfare services for children and young people/);
    expect(text).toContain('prime: ');
    expect(text).toContain('Questions the partners must settle');
  });

  it('when nothing is valid, then the printout lists exactly what is missing', () => {
    const lead = buildOrganisation({ id: 'LEAD-CLI', name: 'Lead Mutual', services: [YOUTH], areas: [CORNWALL] });
    const text = formatConsortia(
      proposeConsortia({
        ref,
        tender: buildTender({ cpvCodes: [HOME_CARE], deliveryAreas: [CORNWALL] }),
        lead,
        pool: [],
        now: NOW,
        vetoes: HONOUR_EVERY_VETO,
      }),
    );
    expect(text).toContain('No valid consortium. Missing:');
    expect(text).toContain(
      '✗ no organisation open to partnering covers 85312400 Welfare services not delivered through residential institutions in Cornwall (E06000052)',
    );
  });

  it('registers a build command with the request options', () => {
    const program = new Command();
    const notCalled = () => {
      throw new Error('not called');
    };
    const command = registerConsortiaCommand(program, { withDeps: notCalled, out: notCalled, err: process.stderr });
    expect(command.name()).toBe('build');
    expect(command.options.map((o) => o.long)).toEqual(
      expect.arrayContaining(['--lead', '--tender-id', '--lots', '--single-contractor', '--asset-lock', '--json']),
    );
  });
});

describe('heads-of-terms CLI', () => {
  it('drafts for the chosen team on the store it is given, prints the sections and writes the Word document', async () => {
    const store = new EmbeddedStore();
    const lead = buildOrganisation({ id: 'GB-CHC-11', name: 'Lead Mutual', services: [CHILDREN], areas: [DEVON] });
    const partner = buildOrganisation({ id: 'GB-CHC-12', name: 'Home Care Trust', services: [HOME_CARE], areas: [DEVON] });
    await store.upsertOrganisations([lead, partner]);
    await store.upsertTenders([buildTender({ id: 'T-CLI', title: 'Families', cpvCodes: [CHILDREN, HOME_CARE], deliveryAreas: [DEVON] })]);
    const printed: string[] = [];
    const deps = { store, ref, now: () => NOW, events: { organisationsChanged: async () => {} }, logger: pino({ level: 'silent' }) };
    const program = new Command().exitOverride();
    registerHeadsOfTermsCommand(program, { withDeps: (fn) => fn(deps), out: (t) => printed.push(t), err: { write: () => true } as never });
    const dir = mkdtempSync(join(tmpdir(), 'hot-'));
    const file = join(dir, 'hot.docx');
    const pdf = join(dir, 'hot.pdf');
    await program.parseAsync(
      [
        'heads-of-terms',
        '--lead',
        'GB-CHC-11',
        '--partners',
        'GB-CHC-12',
        '--tender-id',
        'T-CLI',
        '--model',
        'alliance',
        '--docx',
        file,
        '--pdf',
        pdf,
      ],
      { from: 'user' },
    );
    const text = printed.join('\n');
    expect(text).toContain('Heads of terms: Families');
    expect(text).toContain('4. Structure and roles');
    expect(text).toContain('To settle: ');
    expect(text).toContain('Home Care Trust delivers 85312400');
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK'); // a zip: the .docx container
    const read = await readPdf(readFileSync(pdf));
    expect(read.title).toBe('Heads of terms: Families');
    expect(read.text.replace(/\s+/g, ' ')).toContain('Home Care Trust delivers 85312400');
  });

  it('refuses an unknown model naming the field', async () => {
    const program = new Command().exitOverride();
    const notCalled = () => {
      throw new Error('not called');
    };
    registerHeadsOfTermsCommand(program, { withDeps: notCalled, out: notCalled, err: process.stderr });
    await expect(
      program.parseAsync(['heads-of-terms', '--lead', 'A', '--partners', 'B', '--tender-id', 'T', '--model', 'merger'], { from: 'user' }),
    ).rejects.toThrow(/model/);
  });
});
