/**
 * The two push channels against real servers on this machine: an SMTP server in process (smtp-server) whose
 * received messages are parsed (mailparser), and an HTTP server that records what webhooks send.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpEmailSender } from '../../src/alerts/deliver-email.ts';
import { postWebhook, SIGNATURE_HEADER, webhookSignature } from '../../src/alerts/deliver-webhook.ts';
import { renderDigestEmail } from '../../src/alerts/render-email.ts';
import { startHookServer, startSmtp } from '../support/alerts-servers.ts';

const digest = {
  organisationId: 'GB-CHC-1',
  organisationName: 'Riverside Care',
  generatedAt: '2026-06-02T06:00:00Z',
  entries: [
    {
      organisationId: 'GB-CHC-1',
      tenderId: 'T-1',
      tenderVersion: 'v1',
      status: 'new' as const,
      title: 'Home care in Exeter',
      fit: 'alone' as const,
      reasons: ['Asks for 85311100 Welfare services for the elderly, which you deliver'],
      partners: [],
      createdAt: '2026-06-01T06:00:00Z',
    },
  ],
};

describe('email over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(() => smtp.close());

  it('when a digest is sent, then it arrives with both parts, the one-click unsubscribe headers and the digest’s Message-ID', async () => {
    const sender = smtpEmailSender(smtp.url, 'Consortia alerts <alerts@consortia.example>');
    const unsubscribeUrl = 'https://consortia.example/alerts/unsubscribe/abc.def';
    const rendered = renderDigestEmail(digest, { publicUrl: 'https://consortia.example', unsubscribeUrl });
    const result = await sender.send({ ...rendered, to: 'bids@riverside.example', digestId: 'dg-0123', unsubscribeUrl });
    sender.close();
    expect(result).toEqual({ ok: true, messageId: '<dg-0123@consortia.example>' });
    const mail = smtp.received.at(-1)!;
    expect(mail.messageId).toBe('<dg-0123@consortia.example>');
    expect(mail.subject).toBe('1 tender for Riverside Care');
    expect(mail.from?.text).toContain('alerts@consortia.example');
    expect((mail.to as { text: string }).text).toBe('bids@riverside.example');
    expect(mail.text).toContain('Home care in Exeter');
    expect(mail.html).toContain('Home care in Exeter');
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toBe(`List-Unsubscribe: <${unsubscribeUrl}>`);
  });

  it('when the relay refuses the recipient or cannot be reached, then the send fails without throwing', async () => {
    const refused = smtpEmailSender(smtp.url, 'alerts@consortia.example');
    const r1 = await refused.send({
      subject: 's',
      text: 't',
      html: 'h',
      to: 'x@refuse.example',
      digestId: 'dg-1',
      unsubscribeUrl: 'https://u',
    });
    refused.close();
    expect(r1.ok).toBe(false);
    const down = smtpEmailSender('smtp://127.0.0.1:1', 'alerts@consortia.example');
    const r2 = await down.send({ subject: 's', text: 't', html: 'h', to: 'x@y.example', digestId: 'dg-1', unsubscribeUrl: 'https://u' });
    down.close();
    expect(r2.ok).toBe(false);
  });
});

describe('webhooks over HTTP', () => {
  it('when a webhook is called, then the receiver gets the body, a signature it can check and the idempotency key', async () => {
    const hook = await startHookServer();
    const body = JSON.stringify({ id: 'dg-9', ...digest });
    const result = await postWebhook(
      hook.url,
      body,
      { [SIGNATURE_HEADER]: webhookSignature('whsec_test', body), 'Idempotency-Key': 'dg-9' },
      { allowPrivate: true },
    );
    await hook.close();
    expect(result).toEqual({ ok: true, status: 204 });
    const call = hook.calls[0];
    expect(call.body).toBe(body);
    expect(call.headers['idempotency-key']).toBe('dg-9');
    expect(call.headers['content-type']).toBe('application/json');
    const expected = 'sha256=' + createHmac('sha256', 'whsec_test').update(call.body).digest('hex');
    expect(call.headers['x-consortia-signature']).toBe(expected);
  });

  it('when loopback is not allowed, then a loopback receiver is never called, by literal address or by name', async () => {
    const hook = await startHookServer();
    const port = new URL(hook.url).port;
    const literal = await postWebhook(hook.url, '{}', {}, { allowPrivate: false });
    const byName = await postWebhook(`http://localhost:${port}/hook`, '{}', {}, { allowPrivate: false });
    await hook.close();
    expect(literal.ok).toBe(false);
    expect(byName).toMatchObject({ ok: false, reason: expect.stringMatching(/loopback/) });
    expect(hook.calls).toHaveLength(0);
  });

  it('when the receiver redirects, fails or does not answer in time, then the delivery fails', async () => {
    for (const [status, reason] of [
      [302, /redirect \(302\) not followed/],
      [500, /answered 500/],
      [0, /no answer within 300 ms/],
    ] as const) {
      const hook = await startHookServer(() => status);
      const result = await postWebhook(hook.url, '{}', {}, { allowPrivate: true, timeoutMs: 300 });
      await hook.close();
      expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
      expect(hook.calls).toHaveLength(1);
    }
  });
});
