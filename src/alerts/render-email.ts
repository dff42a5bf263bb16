/**
 * A digest as an email: a plain-text part and an HTML part in the GOV.UK plain style (system fonts, black text,
 * underlined links, no images, one column), each notice with its title, buyer, value, deadline, how the organisation
 * could bid (alone or with partners), why it is in the digest, the suggested partners with their one-line reasons,
 * and a link to the notice's partners page in the web app. Pure: text in, text out; every value is HTML-escaped.
 */
import { gbp } from '../matching/format.ts';
import type { Digest, DigestEntry } from './types.ts';

export interface EmailLinks {
  /** the web app's public address, no trailing slash */
  publicUrl: string;
  /** the one-click unsubscribe address (also in the List-Unsubscribe header) */
  unsubscribeUrl: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const FIT_TEXT: Record<DigestEntry['fit'], string> = {
  alone: 'You could bid alone',
  'with-partners': 'You would need partners',
};

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

function date(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? DATE.format(t) : iso;
}

const enc = encodeURIComponent;

/** The notice's page for this organisation: the ranked partners for it. */
export function noticeUrl(publicUrl: string, organisationId: string, tenderId: string): string {
  return `${publicUrl}/organisations/${enc(organisationId)}/partners?tender=${enc(tenderId)}`;
}

export function organisationUrl(publicUrl: string, organisationId: string): string {
  return `${publicUrl}/organisations/${enc(organisationId)}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function facts(entry: DigestEntry): [string, string][] {
  const out: [string, string][] = [];
  if (entry.buyer) out.push(['Buyer', entry.buyer]);
  out.push(['Value', entry.valueGbp === undefined ? 'Not given' : gbp(entry.valueGbp)]);
  out.push(['Deadline', date(entry.submissionDeadline) ?? 'Not given']);
  out.push(['How you could bid', FIT_TEXT[entry.fit]]);
  return out;
}

function subjectOf(digest: Digest): string {
  const n = digest.entries.length;
  return `${n} ${n === 1 ? 'tender' : 'tenders'} for ${digest.organisationName}`;
}

export function renderDigestEmail(digest: Digest, links: EmailLinks): RenderedEmail {
  const subject = subjectOf(digest);
  const pageUrl = `${links.publicUrl}/organisations/${enc(digest.organisationId)}/alerts`;
  const preferencesUrl = `${links.publicUrl}/organisations/${enc(digest.organisationId)}/alert-preferences`;

  const text: string[] = [subject, '', `Notices that ${digest.organisationName} could bid for, new or changed since your last digest.`, ''];
  for (const entry of digest.entries) {
    text.push('----', '', `${entry.title}${entry.status === 'changed' ? ' (changed)' : ''}`, '');
    for (const [k, v] of facts(entry)) text.push(`${k}: ${v}`);
    if (entry.reasons.length) text.push('', 'Why it is for you:', ...entry.reasons.map((r) => `- ${r}`));
    if (entry.partners.length) {
      text.push('', 'Suggested partners:');
      for (const p of entry.partners) text.push(`- ${p.name}: ${p.reason} (${organisationUrl(links.publicUrl, p.id)})`);
    }
    text.push('', `See the notice and partners: ${noticeUrl(links.publicUrl, digest.organisationId, entry.tenderId)}`, '');
  }
  text.push(
    '----',
    '',
    `All your tenders: ${pageUrl}`,
    `Choose what you get: ${preferencesUrl}`,
    `Unsubscribe: ${links.unsubscribeUrl}`,
    '',
  );

  const h = escapeHtml;
  const p = 'style="margin:0 0 15px 0"';
  const parts: string[] = [
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${h(subject)}</title></head>`,
    '<body style="margin:0;padding:15px;font-family:Arial,sans-serif;font-size:19px;line-height:1.3;color:#0b0c0c;background:#fff">',
    '<div style="max-width:580px">',
    `<h1 style="font-size:32px;margin:0 0 20px 0">${h(subject)}</h1>`,
    `<p ${p}>Notices that ${h(digest.organisationName)} could bid for, new or changed since your last digest.</p>`,
  ];
  for (const entry of digest.entries) {
    const url = noticeUrl(links.publicUrl, digest.organisationId, entry.tenderId);
    parts.push('<hr style="border:0;border-top:1px solid #b1b4b6;margin:20px 0">');
    parts.push(
      `<h2 style="font-size:24px;margin:0 0 15px 0"><a href="${h(url)}" style="color:#1d70b8">${h(entry.title)}</a>${
        entry.status === 'changed' ? ' <strong style="font-size:16px">(changed)</strong>' : ''
      }</h2>`,
    );
    parts.push('<table role="presentation" style="border-collapse:collapse;margin:0 0 15px 0">');
    for (const [k, v] of facts(entry))
      parts.push(
        `<tr><th style="text-align:left;padding:0 15px 5px 0;vertical-align:top">${h(k)}</th><td style="padding:0 0 5px 0">${h(v)}</td></tr>`,
      );
    parts.push('</table>');
    if (entry.reasons.length) {
      parts.push(`<p style="margin:0 0 5px 0"><strong>Why it is for you</strong></p><ul style="margin:0 0 15px 0">`);
      for (const r of entry.reasons) parts.push(`<li>${h(r)}</li>`);
      parts.push('</ul>');
    }
    if (entry.partners.length) {
      parts.push(`<p style="margin:0 0 5px 0"><strong>Suggested partners</strong></p><ul style="margin:0 0 15px 0">`);
      for (const partner of entry.partners)
        parts.push(
          `<li><a href="${h(organisationUrl(links.publicUrl, partner.id))}" style="color:#1d70b8">${h(partner.name)}</a>: ${h(partner.reason)}</li>`,
        );
      parts.push('</ul>');
    }
    parts.push(`<p ${p}><a href="${h(url)}" style="color:#1d70b8">See the notice and partners</a></p>`);
  }
  parts.push(
    '<hr style="border:0;border-top:1px solid #b1b4b6;margin:20px 0">',
    `<p ${p}><a href="${h(pageUrl)}" style="color:#1d70b8">All your tenders</a> · <a href="${h(preferencesUrl)}" style="color:#1d70b8">Choose what you get</a> · <a href="${h(links.unsubscribeUrl)}" style="color:#1d70b8">Unsubscribe</a></p>`,
    '</div></body></html>',
  );
  return { subject, text: text.join('\n'), html: parts.join('\n') };
}
