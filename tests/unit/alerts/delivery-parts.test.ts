import { describe, expect, it } from 'vitest';
import { digestId } from '../../../src/alerts/digest-id.ts';
import { isDue, retryDelayMinutes } from '../../../src/alerts/delivery-state.ts';
import { messageIdOf, senderDomain } from '../../../src/alerts/deliver-email.ts';
import { webhookSignature } from '../../../src/alerts/deliver-webhook.ts';
import { oldestFirst, webhookBody } from '../../../src/alerts/deliver.ts';
import { renderDigestEmail } from '../../../src/alerts/render-email.ts';
import type { Digest, DigestEntry } from '../../../src/alerts/types.ts';
import { refusedAddress, refusedUrl } from '../../../src/alerts/webhook-address.ts';
import { addressDigest, signUnsubscribeToken, unsubscribeKey, verifyUnsubscribeToken } from '../../../src/alerts/unsubscribe-token.ts';

function entry(overrides: Partial<DigestEntry> = {}): DigestEntry {
  return {
    organisationId: 'GB-CHC-1',
    tenderId: 'T-1',
    tenderVersion: 'v1',
    status: 'new',
    title: 'Home care in Exeter',
    buyer: 'Devon County Council',
    valueGbp: 1_200_000,
    submissionDeadline: '2027-01-15T12:00:00Z',
    fit: 'with-partners',
    reasons: ['Asks for 85311100 Welfare services for the elderly, which you deliver', 'Delivered in Exeter (E07000041), where you work'],
    partners: [{ id: 'GB-CHC-2', name: 'Exeter Carers', reason: 'Covers 85312000 Day-care services, which you do not' }],
    createdAt: '2026-06-01T06:00:00Z',
    ...overrides,
  };
}

const digest = (entries: DigestEntry[]): Digest => ({
  organisationId: 'GB-CHC-1',
  organisationName: 'Riverside <Care> & Co',
  generatedAt: '2026-06-02T06:00:00Z',
  entries,
});

describe('the email renderer', () => {
  const links = { publicUrl: 'https://consortia.example', unsubscribeUrl: 'https://consortia.example/alerts/unsubscribe/abc.def' };

  it('when a digest is rendered, then each notice shows its title, buyer, value, deadline, fit, reasons, partners and link, in both parts', () => {
    const mail = renderDigestEmail(
      digest([entry(), entry({ tenderId: 'T-2', title: 'Day care', status: 'changed', fit: 'alone', partners: [] })]),
      links,
    );
    expect(mail.subject).toBe('2 tenders for Riverside <Care> & Co');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('Devon County Council');
      expect(part).toContain('£1.2m');
      expect(part).toContain('15 January 2027');
      expect(part).toContain('You would need partners');
      expect(part).toContain('You could bid alone');
      expect(part).toContain('Exeter Carers');
      expect(part).toContain('Covers 85312000 Day-care services, which you do not');
      expect(part).toContain('https://consortia.example/organisations/GB-CHC-1/partners?tender=T-2');
      expect(part).toContain('https://consortia.example/organisations/GB-CHC-2');
      expect(part).toContain(links.unsubscribeUrl);
      expect(part).toContain('(changed)');
    }
  });

  it('when names carry markup, then the HTML part escapes them', () => {
    const mail = renderDigestEmail(digest([entry({ title: '<script>alert(1)</script>' })]), links);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('Riverside &lt;Care&gt; &amp; Co');
  });

  it('when a notice has no value or deadline, then it says so rather than leaving a blank', () => {
    const mail = renderDigestEmail(digest([entry({ valueGbp: undefined, submissionDeadline: undefined })]), links);
    expect(mail.text).toContain('Value: Not given');
    expect(mail.text).toContain('Deadline: Not given');
  });
});

describe('digest ids', () => {
  it('when the same entries come in another order, then the id is the same; another entry, channel or organisation changes it', () => {
    const a = entry();
    const b = entry({ tenderId: 'T-2' });
    expect(digestId('O', 'email', [a, b])).toBe(digestId('O', 'email', [b, a]));
    expect(digestId('O', 'email', [a])).not.toBe(digestId('O', 'email', [a, b]));
    expect(digestId('O', 'email', [a])).not.toBe(digestId('O', 'webhook', [a]));
    expect(digestId('O', 'email', [a])).not.toBe(digestId('P', 'email', [a]));
    expect(digestId('O', 'email', [a])).not.toBe(digestId('O', 'email', [entry({ tenderVersion: 'v2' })]));
    expect(digestId('O', 'email', [a])).toMatch(/^dg-[0-9a-f]{32}$/);
  });

  it('when a Message-ID is made, then it is the digest id at the sender’s domain', () => {
    expect(senderDomain('Consortia alerts <alerts@Consortia.Example>')).toBe('consortia.example');
    expect(senderDomain('nobody')).toBe('localhost');
    expect(messageIdOf('dg-1', 'a@b.org')).toBe('<dg-1@b.org>');
  });
});

describe('unsubscribe tokens', () => {
  const key = unsubscribeKey('a signing secret that is long enough');

  it('when a token is signed, then it verifies to the same claim', () => {
    const claim = { organisationId: 'GB-CHC-1', scope: 'email' as const, address: addressDigest('Ann@Example.org ') };
    expect(verifyUnsubscribeToken(key, signUnsubscribeToken(key, claim))).toEqual(claim);
    expect(addressDigest('ann@example.org')).toBe(claim.address);
  });

  it('when a token is forged, altered, signed with another key or malformed, then it does not verify', () => {
    const token = signUnsubscribeToken(key, { organisationId: 'GB-CHC-1', scope: 'all' });
    const [payload, signature] = token.split('.');
    const other = Buffer.from(JSON.stringify({ o: 'GB-CHC-2', s: 'all' })).toString('base64url');
    expect(verifyUnsubscribeToken(key, `${other}.${signature}`)).toBeUndefined();
    expect(verifyUnsubscribeToken(unsubscribeKey('another secret, also long enough!!'), token)).toBeUndefined();
    expect(verifyUnsubscribeToken(key, `${payload}.`)).toBeUndefined();
    expect(verifyUnsubscribeToken(key, 'not-a-token')).toBeUndefined();
    expect(verifyUnsubscribeToken(key, `${payload}.${signature}x`)).toBeUndefined();
    expect(verifyUnsubscribeToken(key, 'a'.repeat(5000) + '.b')).toBeUndefined();
    expect(verifyUnsubscribeToken(key, token)).toEqual({ organisationId: 'GB-CHC-1', scope: 'all' });
  });
});

describe('webhook guards', () => {
  it('when an address is loopback, private, link-local or unique-local, then it is refused unless allowed', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '192.168.0.1',
      '172.16.5.5',
      '169.254.169.254',
      '::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
    ])
      expect(refusedAddress(address, false), address).toBeDefined();
    expect(refusedAddress('127.0.0.1', true)).toBeUndefined();
    expect(refusedAddress('81.2.69.160', false)).toBeUndefined();
    expect(refusedAddress('2a00:1450:4009:81f::200e', false)).toBeUndefined();
  });

  it('when a URL has another scheme, credentials or a literal private address, then it is refused', () => {
    expect(refusedUrl(new URL('ftp://example.org/x'), false)).toMatch(/ftp/);
    expect(refusedUrl(new URL('https://u:p@example.org/x'), false)).toMatch(/password/);
    expect(refusedUrl(new URL('http://[::1]:8080/x'), false)).toMatch(/loopback/);
    expect(refusedUrl(new URL('https://example.org/hook'), false)).toBeUndefined();
  });

  it('when a body is signed, then the signature is the hex HMAC-SHA256 a receiver recomputes', () => {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
    expect(webhookSignature('Jefe', 'what do ya want for nothing?')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('when a digest is too large for the body bound, then fewer entries are sent, under the id of those entries', () => {
    const many = Array.from({ length: 40 }, (_, i) => entry({ tenderId: `T-${i}`, reasons: ['x'.repeat(500)] }));
    const { body, entries, id } = webhookBody(digest(many), 'https://u', 8_000);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(8_000);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.length).toBeLessThan(40);
    expect(JSON.parse(body).id).toBe(id);
    expect(id).toBe(digestId('GB-CHC-1', 'webhook', entries));
  });
});

describe('when a digest is due', () => {
  const now = new Date('2026-06-10T06:00:00Z');
  it('then never is never due, a first digest always is, and daily and weekly wait most of a day and a week', () => {
    expect(isDue({ failures: 0 }, 'never', now)).toBe(false);
    expect(isDue({ failures: 0 }, 'daily', now)).toBe(true);
    expect(isDue({ failures: 0, lastSentAt: '2026-06-09T06:00:30Z' }, 'daily', now)).toBe(true);
    expect(isDue({ failures: 0, lastSentAt: '2026-06-09T12:00:00Z' }, 'daily', now)).toBe(false);
    expect(isDue({ failures: 0, lastSentAt: '2026-06-05T06:00:00Z' }, 'weekly', now)).toBe(false);
    expect(isDue({ failures: 0, lastSentAt: '2026-06-03T06:00:30Z' }, 'weekly', now)).toBe(true);
  });
  it('then a failed channel waits 15, 30, 60 … minutes up to 12 hours', () => {
    expect(isDue({ failures: 1, nextTryAt: '2026-06-10T06:10:00Z' }, 'daily', now)).toBe(false);
    expect([1, 2, 3, 10].map(retryDelayMinutes)).toEqual([15, 30, 60, 720]);
  });
  it('then the oldest pending entries go first, at most the limit', () => {
    const list = [
      entry({ tenderId: 'B', createdAt: '2026-06-02' }),
      entry({ tenderId: 'A', createdAt: '2026-06-03' }),
      entry({ tenderId: 'C', createdAt: '2026-06-01' }),
    ];
    expect(oldestFirst(list, 2).map((e) => e.tenderId)).toEqual(['C', 'B']);
  });
});
