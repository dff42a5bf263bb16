/**
 * The one source of the alert delivery's settings (docs/architecture.md "One source per setting"). The environment
 * sets where mail goes (SMTP_URL, ALERTS_FROM), the public address links point at (PUBLIC_URL) and whether webhooks
 * may reach private addresses (ALERTS_WEBHOOK_ALLOW_PRIVATE); everything else is here.
 */
export const ALERT_DELIVERY_DEFAULTS = Object.freeze({
  /** notices in one email or webhook digest; more wait for the next one (a digest stays readable and bounded) */
  entriesPerDigest: 50,
  /** a webhook call (connect, send, answer headers) must finish within this many ms */
  webhookTimeoutMs: 10_000,
  /** the largest webhook body sent, in bytes; a digest past it is cut to fewer entries, the rest wait */
  webhookMaxBodyBytes: 256 * 1024,
  /** bytes of a webhook's answer read (and thrown away) before the connection is closed */
  webhookMaxResponseBytes: 16 * 1024,
  /** SMTP connection, greeting and socket timeouts, in ms */
  smtpTimeoutMs: 20_000,
  /**
   * Hours that must have passed since the last digest by a channel before the next: a little under a day and a week,
   * so a daily job that starts a few seconds earlier than yesterday's still sends.
   */
  minHoursBetween: Object.freeze({ daily: 20, weekly: 6 * 24 + 20 }),
  /** after a failed delivery by a channel, the next try waits this many minutes, doubling per failure up to the cap */
  retryAfterMinutes: 15,
  retryCapMinutes: 12 * 60,
  /** organisations delivered to per run of the delivery job (the rest are due at the next run) */
  organisationsPerRun: 5_000,
});

/** What the delivery needs from the configuration (src/config.ts), resolved once at boot. */
export interface AlertDeliveryConfig {
  /** smtp:// or smtps:// URL of the mail relay; undefined: email is off */
  smtpUrl?: string;
  /** the From of alert emails, like `Consortia alerts <alerts@example.org>` */
  from: string;
  /** where the web app is reached from outside, for links in emails (no trailing slash) */
  publicUrl: string;
  /** let webhooks reach loopback and private addresses (tests, a deployment whose receivers are on its own network) */
  webhookAllowPrivate: boolean;
}

/** The delivery's part of the configuration. */
export function alertDeliveryConfig(config: {
  SMTP_URL?: string;
  ALERTS_FROM: string;
  PUBLIC_URL: string;
  ALERTS_WEBHOOK_ALLOW_PRIVATE: boolean;
}): AlertDeliveryConfig {
  return {
    ...(config.SMTP_URL ? { smtpUrl: config.SMTP_URL } : {}),
    from: config.ALERTS_FROM,
    publicUrl: config.PUBLIC_URL,
    webhookAllowPrivate: config.ALERTS_WEBHOOK_ALLOW_PRIVATE,
  };
}
