/**
 * Uploads over HTTP: the same imports as `consortia import orgs|ocds`, with the same per-record report.
 *   POST /v1/imports/organisations   organisation files (register files, 360Giving, NHS ODS, provider CSV)
 *   POST /v1/imports/ocds            OCDS release or record packages, JSON lines
 * Files come as multipart/form-data (one part per file) or as the body itself (`?name=` names it in the report);
 * they are read as a stream and refused with 413 beyond UPLOAD_MAX_BYTES (./upload.ts). A file in no supported
 * format is a 400 naming it, and nothing is imported; otherwise 200 with the report — rejected records in it, with
 * their reasons, as the CLI's `--report` writes it.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z } from 'zod';
import type { Slice } from '../http/app.ts';
import { callerOf, guard, requireAdmin } from '../http/caller.ts';
import { ErrorResponse, errors, json } from '../http/openapi.ts';
import { audit } from '../accounts/audit.ts';
import type { CoreDeps } from '../shared/deps.ts';
import { importOrganisationFiles } from './import-organisations.ts';
import { importTenders } from './import-tenders.ts';
import { formatBytes, readUpload } from './upload.ts';

export function importSlice(deps: CoreDeps, options: { maxBytes: number }): Slice {
  const router = Router();
  const auditDeps = { records: deps.store.records, now: deps.now };
  router.post('/v1/imports/organisations', guard(requireAdmin), async (req, res) => {
    const files = await readUpload(req, options.maxBytes);
    const report = await importOrganisationFiles({ store: deps.store, ref: deps.ref, events: deps.events }, files);
    await audit(auditDeps, callerOf(req), {
      action: 'import.organisations',
      target: uploadTarget(files),
      summary: `${files.length} organisation file(s) imported`,
    });
    res.json(report);
  });
  router.post('/v1/imports/ocds', guard(requireAdmin), async (req, res) => {
    const files = await readUpload(req, options.maxBytes);
    const report = await importTenders({ store: deps.store, ref: deps.ref }, files);
    await audit(auditDeps, callerOf(req), {
      action: 'import.ocds',
      target: uploadTarget(files),
      summary: `${files.length} OCDS file(s) imported`,
    });
    res.json(report);
  });
  return { routes: router, openapi: (registry) => registerImportOpenApi(registry, options.maxBytes) };
}

const Rejection = z.object({
  source: z.string(),
  position: z.number(),
  locator: z.string(),
  id: z.string().optional(),
  reason: z.string(),
});
const ImportReport = z
  .looseObject({
    kind: z.enum(['organisations', 'ocds']),
    store: z.enum(['embedded', 'neo4j']),
    files: z.array(z.object({ name: z.string(), entries: z.number(), shape: z.string().optional() })),
    entries: z.number().describe('records (organisations) or releases (OCDS) read'),
    imported: z.number().describe('created'),
    updated: z.number(),
    unchanged: z.number(),
    rejected: z.array(Rejection).describe('every record not imported, with where it was and why'),
    warnings: z.array(z.object({ source: z.string(), position: z.number().optional(), id: z.string().optional(), message: z.string() })),
    conflicts: z
      .array(z.looseObject({ id: z.string(), fact: z.string(), kept: z.looseObject({}), dropped: z.looseObject({}) }))
      .optional()
      .describe('organisations: facts two sources disagree on, the value kept and the value dropped, each with its source'),
    superseded: z.array(z.looseObject({})).optional().describe('OCDS: older releases of an ocid'),
    ms: z.number(),
  })
  .meta({ id: 'ImportReport', description: 'The per-record report, as `consortia import … --report` writes it (docs/import.md)' });

function registerImportOpenApi(registry: OpenAPIRegistry, maxBytes: number): void {
  const body = {
    content: {
      'multipart/form-data': { schema: z.object({ file: z.array(z.string().meta({ format: 'binary' })) }) },
      'text/csv': { schema: z.string() },
      'application/json': { schema: z.string() },
      'application/x-ndjson': { schema: z.string() },
    },
  };
  const responses = {
    200: json(ImportReport, 'The import ran; records not imported are in `rejected` with their reasons'),
    400: errors[400],
    413: json(ErrorResponse, `The upload is larger than ${formatBytes(maxBytes)} (UPLOAD_MAX_BYTES)`),
    503: errors[503],
  };
  const name = z.object({ name: z.string().optional().describe('the file name in the report, when the body is the file') });
  registry.registerPath({
    method: 'post',
    path: '/v1/imports/organisations',
    tags: ['imports'],
    summary: `Upload organisation files (register files, 360Giving, NHS ODS, provider CSV template), at most ${formatBytes(maxBytes)}`,
    request: { query: name, body },
    responses,
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/imports/ocds',
    tags: ['imports'],
    summary: `Upload OCDS files (release or record packages, JSON lines), at most ${formatBytes(maxBytes)}`,
    request: { query: name, body },
    responses,
  });
}

/** An upload in the audit log: its file names, cut to the log's 200 characters. */
function uploadTarget(files: readonly { name: string }[]): { type: 'upload'; id: string } {
  return {
    type: 'upload',
    id: files
      .map((f) => f.name)
      .join(', ')
      .slice(0, 200),
  };
}
