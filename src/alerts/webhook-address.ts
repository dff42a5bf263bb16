/**
 * Which webhook addresses may be called: only public unicast addresses, over http or https, without credentials in
 * the URL — unless ALERTS_WEBHOOK_ALLOW_PRIVATE (tests, a deployment whose receivers are on its own network). Used
 * twice: when a webhook URL is saved (an address written in the URL, or `localhost`, is refused at once with a 400 on
 * `webhookUrl`) and when a digest is delivered (deliver-webhook.ts checks every DNS answer too, at connection time,
 * since a name can resolve anywhere and change later).
 */
import ipaddr from 'ipaddr.js';

/** Why an address may not be called, or undefined when it may: only public unicast addresses, unless allowPrivate. */
export function refusedAddress(address: string, allowPrivate: boolean): string | undefined {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  const range = ipaddr.process(address).range();
  if (range === 'unicast' || allowPrivate) return undefined;
  return `${address} is a ${range} address, not a public one`;
}

/** An address written in a URL's host (WHATWG URLs write IPv4 as four decimal parts and IPv6 in brackets). */
function literalAddress(hostname: string): string | undefined {
  const host = hostname.replace(/^\[|\]$/g, '');
  return ipaddr.IPv4.isValidFourPartDecimal(host) || (hostname.startsWith('[') && ipaddr.IPv6.isValid(host)) ? host : undefined;
}

/** Why this URL may not be called at all (scheme, credentials, a literal private address), or undefined. */
export function refusedUrl(url: URL, allowPrivate: boolean): string | undefined {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `only http and https webhooks are called, not ${url.protocol}`;
  if (url.username || url.password) return 'a webhook URL may not carry a user name or password';
  const address = literalAddress(url.hostname);
  return address === undefined ? undefined : refusedAddress(address, allowPrivate);
}

/**
 * Why this URL may not be saved: what refusedUrl refuses, and `localhost` by name (which delivery refuses when its
 * DNS answer is checked; at saving there is no DNS look-up, so the name is the one we can tell without one).
 */
export function refusedWhenSaved(url: URL, allowPrivate: boolean): string | undefined {
  const refused = refusedUrl(url, allowPrivate);
  if (refused !== undefined || allowPrivate) return refused;
  return /(^|\.)localhost\.?$/i.test(url.hostname) ? `${url.hostname} is this machine, not a public address` : undefined;
}
