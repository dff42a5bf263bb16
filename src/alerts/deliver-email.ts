/**
 * Email delivery through nodemailer over SMTP (SMTP_URL: `smtp://user:pass@host:587` or `smtps://…:465`; absent,
 * email is off). Each digest goes to the organisation's chosen address as one message with a plain-text and an HTML
 * part (render-email.ts), and:
 *  - `List-Unsubscribe: <https://…/alerts/unsubscribe/TOKEN>` and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`
 *    (RFC 8058): mail clients show an unsubscribe button that POSTs to the link, no sign-in needed;
 *  - a Message-ID made from the digest id (`<dg-…@sender domain>`): sent again after a crash, the same digest has the
 *    same Message-ID, so the receiving side (and a person) can recognise it.
 * A relay that refuses the recipient or cannot be reached is a failed delivery (the entries stay pending).
 */
import { createTransport } from 'nodemailer';
import { ALERT_DELIVERY_DEFAULTS } from './delivery-settings.ts';
import type { RenderedEmail } from './render-email.ts';

export interface OutgoingEmail extends RenderedEmail {
  to: string;
  digestId: string;
  unsubscribeUrl: string;
}

export type SendResult = { ok: true; messageId: string } | { ok: false; reason: string };

export interface EmailSender {
  send(email: OutgoingEmail): Promise<SendResult>;
  close(): void;
}

/** The domain of a From address (`Name <a@b.org>` → b.org), for Message-IDs; 'localhost' when there is none. */
export function senderDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim());
  return match ? match[1].toLowerCase() : 'localhost';
}

/** `<dg-…@domain>`: the same digest always gets the same Message-ID. */
export function messageIdOf(digestId: string, from: string): string {
  return `<${digestId}@${senderDomain(from)}>`;
}

export function smtpEmailSender(smtpUrl: string, from: string): EmailSender {
  const timeout = ALERT_DELIVERY_DEFAULTS.smtpTimeoutMs;
  const transport = createTransport({ url: smtpUrl, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  return {
    async send(email) {
      const messageId = messageIdOf(email.digestId, from);
      try {
        const info = await transport.sendMail({
          from,
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId,
          list: { unsubscribe: { url: email.unsubscribeUrl } },
          headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        });
        if ((info.rejected ?? []).length > 0) return { ok: false, reason: 'the relay refused the recipient' };
        return { ok: true, messageId };
      } catch (error) {
        return { ok: false, reason: `could not be sent: ${error instanceof Error ? error.message : String(error)}` };
      }
    },
    close: () => transport.close(),
  };
}
