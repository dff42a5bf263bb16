import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { proposeConsortia } from '../../../src/consortia/builder.ts';
import { formatConsortia, registerConsortiaCommand } from '../../../src/consortia/cli.ts';
import { buildOrganisation, buildTender } from '../../builders.ts';
import { CHILDREN, CORNWALL, DEVON, HOME_CARE, NOW, ref, YOUTH } from './fixtures.ts';
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
