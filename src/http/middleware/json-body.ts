import express from 'express';
import { jsonDeeperThan } from '../../shared/json-depth.ts';
import { LIMITS } from '../../shared/limits.ts';

/** Uploads (/v1/imports/…) are read as streams by their own routes, whatever their content type. */
const UPLOADS = '/v1/imports/';

/**
 * The JSON body reader: at most LIMITS.jsonBodyBytes (413 beyond) and LIMITS.jsonDepth levels of nesting, checked on
 * the raw bytes in one linear pass before JSON.parse, so a body nested 10,000 deep is a 400 and never reaches a
 * recursive reader (issue #16: it was a 500).
 */
export function jsonBody(): express.RequestHandler {
  return express.json({
    limit: LIMITS.jsonBodyBytes,
    type: (req) => !(req.url ?? '').startsWith(UPLOADS) && /^application\/(.+\+)?json/i.test(req.headers['content-type'] ?? ''),
    verify: (_req, _res, buf) => {
      if (jsonDeeperThan(buf, LIMITS.jsonDepth)) throw Object.assign(new Error('JSON too deep'), { status: 400, type: 'json.too.deep' });
    },
  });
}
