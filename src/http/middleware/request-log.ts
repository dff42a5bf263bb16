/**
 * The request log (pino-http): one line per request, without secrets. Authorization, Cookie and Set-Cookie headers
 * (and the proxy's) are censored: issue #16 found every log line carrying the full request headers.
 */
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

export function requestLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/healthz' || req.url === '/metrics' },
    // pino-http makes a child of `logger` with these options: the redaction applies to its lines
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  });
}
