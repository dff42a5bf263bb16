/**
 * Tender alerts (issue #19, item 1): the shapes shared by the parts of the feature.
 *
 *  feed (src/alerts/feed*.ts)          reads new and changed OCDS release packages from a directory or an HTTP endpoint
 *  digests (src/alerts/digest*.ts)     matches each new or changed notice against every organisation that could bid,
 *                                      honouring its preferences, and keeps one digest entry per (organisation, notice
 *                                      version) in a ledger, so a notice appears once unless it changes
 *  delivery (src/alerts/deliver*.ts)   the web page "tenders for you", JSON over the API, webhooks and email, with
 *                                      one-click unsubscribe
 *
 * Pure types: no I/O here.
 */

export const ALERT_FREQUENCIES = ['daily', 'weekly', 'never'] as const;
export type AlertFrequency = (typeof ALERT_FREQUENCIES)[number];

export const ALERT_CHANNELS = ['web', 'email', 'webhook'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];

/** What an organisation's members choose to get. Absent lists are no condition; an empty list is none. */
export interface AlertPreferences {
  organisationId: string;
  /** CPV codes (8 digits) the notice must require one of, expanded down the CPV hierarchy; absent: the organisation's own */
  serviceCodes?: string[];
  /** GSS codes the notice must be delivered in one of (containment and neighbours count); absent: the organisation's own */
  areaCodes?: string[];
  /** notices of a lower estimated value are left out; notices with no value are kept */
  minimumValueGbp?: number;
  /** only notices suitable for VCSE organisations or reserved for mutuals (PA 2023 s.33 / PCR 2015 reg. 77) */
  vcseSuitableOnly: boolean;
  frequency: AlertFrequency;
  /** where the digest goes besides the web page and the API (which always have it) */
  email?: string;
  webhookUrl?: string;
  /** set by a one-click unsubscribe (ISO 8601); no email or webhook is sent while set */
  unsubscribedAt?: string;
  updatedAt: string;
}

/** A partner suggested for a notice the organisation could not deliver alone. */
export interface SuggestedPartner {
  id: string;
  name: string;
  /** one line a bid manager would accept, true on inspection ("Covers 85311300 …, which you do not") */
  reason: string;
}

/** How the organisation could bid for a notice. */
export type AlertFit = 'alone' | 'with-partners';

/** One notice in an organisation's digest. */
export interface DigestEntry {
  organisationId: string;
  tenderId: string;
  /** the notice's version: a digest of the tender record; a changed notice is a new entry */
  tenderVersion: string;
  /** 'new' the first time the organisation sees the notice, 'changed' when an earlier version was in a digest */
  status: 'new' | 'changed';
  title: string;
  buyer?: string;
  valueGbp?: number;
  submissionDeadline?: string;
  fit: AlertFit;
  /** why this notice is for this organisation: services and places matched, each naming its code and label */
  reasons: string[];
  /** the best two or three partners when fit is 'with-partners', best first; empty when 'alone' */
  partners: SuggestedPartner[];
  /** when the entry was computed (ISO 8601) */
  createdAt: string;
  /** when it was delivered, per channel (ISO 8601); absent while pending */
  deliveredAt?: Partial<Record<AlertChannel, string>>;
}

/** The entries an organisation has not yet had by a channel, as one message. */
export interface Digest {
  organisationId: string;
  organisationName: string;
  /** ISO 8601 */
  generatedAt: string;
  entries: DigestEntry[];
}
