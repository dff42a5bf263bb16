/**
 * Webhook delivery: the digest as JSON, POSTed to the organisation's webhookUrl.
 *  - signed: `X-Consortia-Signature: sha256=<hex HMAC-SHA256 of the exact body>` under the organisation's webhook
 *    secret (webhook-secret.ts; shown once to its members), so the receiver can check the body came from us;
 *  - `Idempotency-Key: <digest id>` (and the same id in the body): a digest sent again after a crash has the same key;
 *  - bounded: the body (ALERT_DELIVERY_DEFAULTS.webhookMaxBodyBytes, checked by the caller), the whole call
 *    (webhookTimeoutMs) and the answer read (webhookMaxResponseBytes, then the connection is dropped);
 *  - redirects are not followed (a 3xx is a failure: the receiver must give its final address);
 *  - only public addresses: the host's every DNS answer (and an address written in the URL) must be a public
 *    unicast address, checked at connection time, so a name that resolves to 127.0.0.1 or 10.x — at once or after a
 *    rebinding — is refused; `allowPrivate` (ALERTS_WEBHOOK_ALLOW_PRIVATE) lifts this for tests and private networks.
 * Any answer but 2xx, and any refusal, is a failed delivery: the caller keeps the entries pending and retries later.
 */
import { createHmac } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { ALERT_DELIVERY_DEFAULTS } from './delivery-settings.ts';
import { refusedAddress, refusedUrl } from './webhook-address.ts';

export const SIGNATURE_HEADER = 'X-Consortia-Signature';

export interface WebhookOptions {
  allowPrivate: boolean;
  timeoutMs?: number;
  maxResponseBytes?: number;
}

export type WebhookResult = { ok: true; status: number } | { ok: false; status?: number; reason: string };

/** `sha256=<hex>`: what a receiver recomputes over the raw body with its secret and compares in constant time. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

class RefusedAddressError extends Error {}

/** A DNS lookup that fails when any answer is an address we may not call (checked where the socket connects). */
function guardedLookup(allowPrivate: boolean) {
  return (
    hostname: string,
    options: { all?: boolean; family?: number | string },
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    dnsLookup(hostname, { all: true, family: options.family === undefined ? 0 : Number(options.family) || 0 }, (err, addresses) => {
      if (err) return callback(err, '');
      const refused = addresses.map((a) => refusedAddress(a.address, allowPrivate)).find((r) => r !== undefined);
      if (refused) return callback(new RefusedAddressError(`${hostname}: ${refused}`), '');
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** POSTs `body` (JSON) to `url`; never throws for the receiver's faults, only reports them. */
export function postWebhook(url: string, body: string, headers: Record<string, string>, options: WebhookOptions): Promise<WebhookResult> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve({ ok: false, reason: 'the webhook URL cannot be read' });
  }
  const refused = refusedUrl(target, options.allowPrivate);
  if (refused) return Promise.resolve({ ok: false, reason: refused });
  const timeoutMs = options.timeoutMs ?? ALERT_DELIVERY_DEFAULTS.webhookTimeoutMs;
  const maxResponse = options.maxResponseBytes ?? ALERT_DELIVERY_DEFAULTS.webhookMaxResponseBytes;
  const client = target.protocol === 'https:' ? https : http;

  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: WebhookResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(result);
    };
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
        lookup: guardedLookup(options.allowPrivate),
        agent: false,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > maxResponse) done();
        });
        const done = () =>
          finish(
            status >= 200 && status < 300
              ? { ok: true, status }
              : { ok: false, status, reason: status >= 300 && status < 400 ? `redirect (${status}) not followed` : `answered ${status}` },
          );
        res.on('end', done);
        res.on('error', done);
      },
    );
    const timer = setTimeout(() => finish({ ok: false, reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
    req.on('error', (err) =>
      finish({ ok: false, reason: err instanceof RefusedAddressError ? err.message : `could not be reached: ${err.message}` }),
    );
    req.end(body);
  });
}
