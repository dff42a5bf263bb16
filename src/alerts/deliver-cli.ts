/**
 * `consortia alerts deliver`: one run of the delivery job now (deliver.ts), with SMTP_URL, ALERTS_FROM, PUBLIC_URL and
 * ALERTS_WEBHOOK_ALLOW_PRIVATE from the configuration; prints how many digests went and failed per channel.
 */
import type { Command } from 'commander';
import type { CliContext } from '../cli/context.ts';
import { loadConfig } from '../config.ts';
import { smtpEmailSender } from './deliver-email.ts';
import { deliverDigests, deliveryDeps } from './deliver.ts';
import { alertDeliveryConfig } from './delivery-settings.ts';
import { unsubscribeKeyOf } from './unsubscribe.ts';

export function registerDeliverCommand(alerts: Command, cli: CliContext): Command {
  return alerts
    .command('deliver')
    .description('Send the digests that are due now by email and webhook, and mark what was sent delivered')
    .action(async () => {
      const config = alertDeliveryConfig(loadConfig());
      const email = config.smtpUrl ? smtpEmailSender(config.smtpUrl, config.from) : undefined;
      try {
        await cli.withDeps(async (deps) => {
          const run = deliveryDeps(
            {
              records: deps.store.records,
              now: deps.now,
              logger: deps.logger,
              config,
              email,
              unsubscribeKey: await unsubscribeKeyOf(deps),
            },
            async (id) => (await deps.store.getOrganisations([id]))[0]?.name,
          );
          const report = await deliverDigests(run);
          cli.out(`Organisations owed something: ${report.organisations}${email ? '' : ' (email is off: SMTP_URL is not set)'}`);
          for (const channel of ['email', 'webhook'] as const)
            cli.out(
              `  ${channel}: ${report.sent[channel]} digests sent (${report.entries[channel]} notices), ${report.failed[channel]} failed`,
            );
        });
      } finally {
        email?.close();
      }
    });
}
