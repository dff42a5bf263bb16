import { z } from 'zod';
import { LIMITS } from './limits.ts';

/** An 8-digit CPV 2008 code; a trailing check digit ("85311300-5") is accepted and dropped. */
export const CpvCode = z
  .string()
  .trim()
  .max(LIMITS.text.id)
  .regex(/^\d{8}(-\d)?$/, 'must be an 8-digit CPV code such as 85311300 (check digit optional)')
  .transform((code) => code.slice(0, 8))
  .meta({ id: 'CpvCode', description: 'CPV 2008 code, 8 digits (e.g. 85311300)', example: '85311300' });

/** An ONS GSS area code at any level: E06/E07/E08/E09 authority, E10 county, E12 region, E92 England, W/S/N codes. */
export const GssCode = z
  .string()
  .trim()
  .max(LIMITS.text.id)
  .toUpperCase()
  .regex(/^[EWSNK]\d{8}$/, 'must be an ONS GSS code such as E06000052')
  .meta({ id: 'GssCode', description: 'ONS GSS area code, any level (E06000052, E10000008, E12000009, E92000001)', example: 'E10000008' });

/**
 * Organisation identifier in org-id form (GB-CHC-1234567, GB-COH-01234567, GB-NHS-RH8) where known,
 * otherwise a stable generated id (CNS-…). Kept permissive: real registers use many schemes.
 */
export const OrgId = z
  .string()
  .trim()
  .min(3)
  .max(120)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'must be an org-id such as GB-CHC-1234567 (letters, digits, . _ : -)')
  .meta({ id: 'OrgId', example: 'GB-CHC-1034207' });

/**
 * The moment a request scores at (`asOf`): an ISO 8601 date and time with a zone, between LIMITS.asOf.earliest and
 * LIMITS.asOf.latest — far outside that, deadline urgency and years trading stop meaning anything.
 */
export const AsOf = z.iso
  .datetime({ offset: true })
  .max(LIMITS.text.dateTime)
  .refine(
    (value) => {
      const t = Date.parse(value);
      return t >= Date.parse(LIMITS.asOf.earliest) && t < Date.parse(LIMITS.asOf.latest);
    },
    `must be between ${LIMITS.asOf.earliest.slice(0, 4)} and ${Number(LIMITS.asOf.latest.slice(0, 4)) - 1} (a date and time such as 2027-01-15T12:00:00Z)`,
  );
