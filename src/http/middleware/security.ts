/**
 * Security headers and the Host/Origin check (issue #16 item 6).
 *
 * Headers come from helmet. The web app's Content-Security-Policy allows scripts and styles from this origin only,
 * plus GOV.UK Frontend's one inline script (`js-enabled`) by a per-request nonce (res.locals.cspNonce, passed to the
 * template). The API docs (/docs, Swagger UI) and the queue dashboard (/admin/queues, bull-board) ship inline styles
 * and scripts of their own, so they get a looser policy limited to those paths.
 *
 * Host check: a request whose Host is not one the service answers to is refused (421), which stops DNS rebinding —
 * a hostile page on evil.example resolving to 127.0.0.1 to talk to a local service. Origin check: a state-changing
 * request (POST, PUT, PATCH, DELETE) from a browser page of another origin is refused (403): cross-site form posts
 * and `text/plain` fetches can no longer start refresh runs or write organisations.
 */
import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

const LOOSE_PATHS = ['/docs', '/admin/queues'];

export function securityHeaders(): RequestHandler {
  const strict = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // Served over plain HTTP locally; HSTS belongs to the TLS proxy in front of a deployment.
    strictTransportSecurity: false,
    // helmet's default, no-referrer, makes browsers send `Origin: null` on the pages' own form posts
    referrerPolicy: { policy: 'same-origin' },
  });
  const loose = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: false,
  });
  return (req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    const isLoose = LOOSE_PATHS.some((p) => req.path === p || req.path.startsWith(`${p}/`));
    return (isLoose ? loose : strict)(req, res, next);
  };
}

/** Host names the service answers to by default: this machine. `*` in ALLOWED_HOSTS allows any. */
export const DEFAULT_ALLOWED_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The host name of a Host header value ("example.org:3000" → "example.org", "[::1]:3000" → "[::1]"), lower case. */
function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon >= 0 ? h.slice(0, colon) : h;
}

/**
 * Refuses a Host not in `allowed` (421) and, on state-changing methods, an Origin (or a Sec-Fetch-Site of
 * cross-site) that is not this service's own (403). Requests without an Origin (curl, the CLI, server-to-server) pass.
 */
export function hostAndOriginCheck(allowed: readonly string[]): RequestHandler {
  const any = allowed.includes('*');
  const names = new Set(allowed.map((h) => h.toLowerCase()));
  const refuse = (res: Response, status: number, code: string, message: string) => res.status(status).json({ error: { code, message } });
  return (req: Request, res: Response, next: NextFunction) => {
    const host = req.headers.host ?? '';
    if (!any && !names.has(hostName(host))) {
      refuse(res, 421, 'HOST_NOT_ALLOWED', 'This service does not answer to that host name (ALLOWED_HOSTS)');
      return;
    }
    // A browser says where a request comes from (Sec-Fetch-Site; a page cannot forge it): its own pages pass.
    if (UNSAFE_METHODS.has(req.method) && req.headers['sec-fetch-site'] !== 'same-origin') {
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== 'null') {
        let originHost = '';
        try {
          originHost = new URL(origin).host.toLowerCase();
        } catch {
          // an unreadable Origin is refused below
        }
        if (originHost !== host.toLowerCase()) {
          refuse(res, 403, 'CROSS_ORIGIN', 'Requests that change data must come from this service’s own pages');
          return;
        }
      } else if (origin === 'null' || req.headers['sec-fetch-site'] === 'cross-site' || req.headers['sec-fetch-site'] === 'same-site') {
        refuse(res, 403, 'CROSS_ORIGIN', 'Requests that change data must come from this service’s own pages');
        return;
      }
    }
    next();
  };
}
