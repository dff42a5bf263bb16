import { z } from 'zod';
import { Email } from '../accounts/schema.ts';
import { OrgId } from '../shared/codes.ts';
import { TenderInput } from '../tenders/schema.ts';

/** How to reach a person: shared with the other side only once both sides have agreed (double opt-in). */
export const Contact = z
  .object({
    name: z.string().trim().min(1, 'is required').max(200),
    email: Email,
    phone: z
      .string()
      .trim()
      .max(40)
      .regex(/^[0-9+()\-\s]*$/, 'must be a telephone number, like 01632 960 123')
      .optional(),
  })
  .strict()
  .meta({ id: 'Contact' });
export type Contact = z.infer<typeof Contact>;

export const INTRODUCTION_STATES = ['pending', 'accepted', 'declined', 'withdrawn'] as const;
export type IntroductionState = (typeof INTRODUCTION_STATES)[number];

/** Stored (kind 'introduction', key1 = from, key2 = to). Contacts are kept, and shown only once accepted. */
export interface Introduction {
  id: string;
  fromId: string;
  fromName: string;
  toId: string;
  toName: string;
  tender: { id?: string; title: string };
  /** why the requester is interested: the match's reasons for this candidate, as it saw them */
  reasons: string[];
  message?: string;
  state: IntroductionState;
  createdAt: string;
  createdBy: string;
  answeredAt?: string;
  answeredBy?: string;
  contacts: { from: Contact; to?: Contact };
}

export const IntroductionRequest = z
  .object({
    fromId: OrgId.describe('Your organisation (you must be its member)'),
    toId: OrgId.describe('The candidate you would like to meet'),
    tenderId: z.string().trim().min(1).max(200).optional().describe('The stored tender (or give tender inline)'),
    tender: TenderInput.optional(),
    message: z.string().trim().max(2000).optional(),
    contact: Contact.describe('How the candidate can reach you, shared only if it agrees'),
  })
  .strict()
  .superRefine((req, ctx) => {
    if ((req.tender === undefined) === (req.tenderId === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['tender'], message: 'give exactly one of tender (inline) or tenderId' });
    }
    if (req.fromId === req.toId) ctx.addIssue({ code: 'custom', path: ['toId'], message: 'must be another organisation' });
  })
  .meta({ id: 'IntroductionRequest' });
export type IntroductionRequest = z.infer<typeof IntroductionRequest>;

export const Answer = z.object({ contact: Contact }).strict().meta({ id: 'IntroductionAcceptance' });
export const BlockRequest = z.object({ organisationId: OrgId }).strict().meta({ id: 'BlockRequest' });

export const IntroductionView = z
  .object({
    id: z.string(),
    from: z.object({ id: z.string(), name: z.string() }),
    to: z.object({ id: z.string(), name: z.string() }),
    tender: z.object({ id: z.string().optional(), title: z.string() }),
    reasons: z.array(z.string()),
    message: z.string().optional(),
    state: z.enum(INTRODUCTION_STATES),
    createdAt: z.string(),
    answeredAt: z.string().optional(),
    contacts: z.object({ from: Contact, to: Contact }).optional().describe('Both sides’ contacts, once both have agreed'),
  })
  .meta({ id: 'Introduction' });
export type IntroductionView = z.infer<typeof IntroductionView>;

export function viewOf(i: Introduction): IntroductionView {
  return {
    id: i.id,
    from: { id: i.fromId, name: i.fromName },
    to: { id: i.toId, name: i.toName },
    tender: i.tender,
    reasons: i.reasons,
    ...(i.message ? { message: i.message } : {}),
    state: i.state,
    createdAt: i.createdAt,
    ...(i.answeredAt ? { answeredAt: i.answeredAt } : {}),
    ...(i.state === 'accepted' && i.contacts.to ? { contacts: { from: i.contacts.from, to: i.contacts.to } } : {}),
  };
}
