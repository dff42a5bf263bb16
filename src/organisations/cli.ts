/**
 * `consortia orgs`: find organisations in the register by name, kind, service, area, size band and openness to
 * partnering — the same search as GET /v1/organisations (src/organisations/filter.ts), the same validation.
 *
 *   consortia orgs --service 85312400 --area E10000008 --kind charity,social_enterprise
 *   consortia orgs --q "age uk" --json
 */
import type { Command } from 'commander';
import type { CliContext } from '../cli/context.ts';
import { parseOrThrow } from '../http/validate.ts';
import { filterOrganisations, isFiltered, OrganisationQuery } from './filter.ts';
import { sizeBand } from './size-band.ts';

interface OrgsOptions {
  q?: string;
  kind?: string;
  service?: string;
  area?: string;
  wideClaims?: boolean;
  sizeBand?: string;
  open?: boolean;
  closed?: boolean;
  offset?: string;
  limit?: string;
  json?: boolean;
}

export function registerOrganisationsCommand(program: Command, cli: CliContext): Command {
  return program
    .command('orgs')
    .description(
      'Find organisations by name, kind, service (CPV, with its hierarchy), area (with containment), size band, openness to partnering',
    )
    .option('--q <text>', 'words of the name')
    .option(
      '--kind <kinds>',
      'comma-separated kinds (charity, social_enterprise, cooperative, public_service_mutual, nhs_body, private_provider, local_authority)',
    )
    .option('--service <code>', 'a CPV code')
    .option('--area <code>', 'an ONS GSS area code')
    .option('--wide-claims', 'with --area: also organisations claiming only a containing region or nation')
    .option('--size-band <bands>', 'comma-separated: micro, small, medium, large, unknown')
    .option('--open', 'only organisations open to partnering')
    .option('--closed', 'only organisations not open to partnering')
    .option('--offset <n>', 'skip this many')
    .option('--limit <n>', 'at most this many (≤ 100)')
    .option('--json', 'print the API’s JSON page')
    .action(async (opts: OrgsOptions) => {
      const query = parseOrThrow(OrganisationQuery, {
        q: opts.q,
        kind: opts.kind,
        service: opts.service,
        area: opts.area,
        wideClaims: opts.wideClaims ? 'true' : undefined,
        sizeBand: opts.sizeBand,
        openToPartnering: opts.open ? 'true' : opts.closed ? 'false' : undefined,
        offset: opts.offset,
        limit: opts.limit,
      });
      const page = await cli.withDeps((deps) =>
        isFiltered(query) ? filterOrganisations(deps, query) : deps.store.listOrganisations(query.offset, query.limit),
      );
      if (opts.json) {
        const items = page.items.map(({ private: _hidden, ...visible }) => visible);
        cli.out(JSON.stringify({ total: page.total, offset: query.offset, limit: query.limit, items }, null, 2));
        return;
      }
      cli.out(
        `${page.total} organisation${page.total === 1 ? '' : 's'}${page.total > page.items.length ? ` (showing ${query.offset + 1}–${query.offset + page.items.length})` : ''}`,
      );
      for (const o of page.items)
        cli.out(`  ${o.id.padEnd(22)} ${o.name} · ${o.kind} · ${sizeBand(o)}${o.openToPartnering ? '' : ' · not open to partnering'}`);
    });
}
