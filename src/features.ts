/**
 * Every feature of Consortia, plugged in here and nowhere else: its API slice (routes, OpenAPI paths, health check,
 * see Slice in src/http/app.ts) and its commands for the `consortia` CLI (CliCommands, src/cli/context.ts).
 * main.ts serves apiSlices, src/cli/main.ts registers CLI_COMMANDS. Adding a feature: write its slice and/or its
 * commands in its folder, then add them here.
 */
import { accessSlice } from './accounts/routes.ts';
import { registerAlertsCommand } from './alerts/cli.ts';
import { alertsSlice } from './alerts/routes.ts';
import type { SavePreferencesOptions } from './alerts/save-preferences.ts';
import type { AuthenticationOptions } from './accounts/middleware.ts';
import { registerImportCommands } from './cli/import-commands.ts';
import type { CliCommands } from './cli/context.ts';
import { registerConsortiaCommand, registerHeadsOfTermsCommand } from './consortia/cli.ts';
import { consortiaSlice } from './consortia/routes.ts';
import type { Slice } from './http/app.ts';
import { importSlice } from './imports/routes.ts';
import { introductionsSlice } from './introductions/routes.ts';
import { UPLOAD_DEFAULTS } from './imports/upload.ts';
import { registerMatchCommand } from './matching/cli.ts';
import { matchingSlice } from './matching/routes.ts';
import { marketSlice } from './market/routes.ts';
import { registerMarketCommand } from './market/cli.ts';
import { registerOrganisationsCommand } from './organisations/cli.ts';
import { organisationsSlice } from './organisations/routes.ts';
import type { Refresh } from './refresh/wiring.ts';
import type { CoreDeps } from './shared/deps.ts';
import { tendersSlice } from './tenders/routes.ts';
import { webSlice } from './web/slice.ts';

/**
 * The features that need nothing but the core dependencies, in mount order. The access slice comes first: it finds
 * out who is calling (token, session or anonymous) and checks CSRF before any other route runs.
 */
export function coreSlices(deps: CoreDeps, auth: AuthenticationOptions = {}, alerts: SavePreferencesOptions = {}): Slice[] {
  return [
    accessSlice(deps, auth),
    organisationsSlice(deps),
    tendersSlice(deps),
    matchingSlice(deps),
    consortiaSlice(deps),
    introductionsSlice(deps),
    marketSlice(deps),
    alertsSlice(deps, alerts),
  ];
}

/**
 * Every feature the API serves: the core ones, the partner refresh (its queue and score store are built first), the
 * queued alerts runs,
 * the uploads (their size limit from configuration) and the web app's pages, which call the same use cases.
 */
export function apiSlices(
  deps: CoreDeps,
  refresh: Pick<Refresh, 'slice' | 'queue' | 'scores'> & Partial<Pick<Refresh, 'runs'>>,
  options: { uploadMaxBytes?: number; auth?: AuthenticationOptions; alertRuns?: Slice; webhookAllowPrivate?: boolean } = {},
): Slice[] {
  const { webhookAllowPrivate } = options;
  return [
    ...coreSlices(deps, options.auth, { webhookAllowPrivate }),
    refresh.slice,
    // the queued alerts runs (src/alerts/wiring.ts: startAlerts), when this process has their queue
    ...(options.alertRuns ? [options.alertRuns] : []),
    importSlice(deps, { maxBytes: options.uploadMaxBytes ?? UPLOAD_DEFAULTS.maxBytes }),
    webSlice({ ...deps, queue: refresh.queue, scores: refresh.scores, runs: refresh.runs, webhookAllowPrivate }),
  ];
}

/** Every command of the `consortia` CLI, in the order `--help` lists them. */
export const CLI_COMMANDS: readonly CliCommands[] = [
  registerMatchCommand,
  registerConsortiaCommand,
  registerHeadsOfTermsCommand,
  registerMarketCommand,
  registerOrganisationsCommand,
  registerImportCommands,
  registerAlertsCommand,
];
