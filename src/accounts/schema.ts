import { z } from 'zod';
import { OrgId } from '../shared/codes.ts';

/**
 * Who may do what (docs/security.md). Membership of an organisation is not a role but a list on the account
 * (organisationIds): a member edits that organisation and reads its private fields.
 *  - commissioner: market views; never another organisation's private data;
 *  - admin: imports, uploads, refresh runs, the queue dashboard, approving claims, every organisation.
 */
export const ROLES = ['admin', 'commissioner'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/**
 * What an API token may be used for; a token never gives more than its account has.
 *  - read: the account's organisations' private fields, its introductions, its audit log;
 *  - write: editing its organisations, tenders, claims, introductions;
 *  - admin: the administrator's powers, when the account is an administrator.
 * A signed-in person (session) has every scope.
 */
export const SCOPES = ['read', 'write', 'admin'] as const;
export const Scope = z.enum(SCOPES);
export type Scope = z.infer<typeof Scope>;

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address, like name@example.org');

/** At least 12 characters (NCSC: length over complexity); at most 200 so hashing stays bounded. */
export const Password = z.string().min(12, 'must be at least 12 characters').max(200, 'must be 200 characters or fewer');

export interface Account {
  /** the email address, lower-cased: one account per address */
  id: string;
  email: string;
  name: string;
  /** argon2id, PHC string */
  passwordHash: string;
  roles: Role[];
  /** organisations this account is a member of */
  organisationIds: string[];
  createdAt: string;
}

export interface ApiToken {
  id: string;
  accountId: string;
  name: string;
  scopes: Scope[];
  createdAt: string;
  revokedAt?: string;
  lastUsedAt?: string;
}

export const CLAIM_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export interface Claim {
  id: string;
  accountId: string;
  organisationId: string;
  /** why the person may act for the organisation (their role there, how to check) */
  message: string;
  status: ClaimStatus;
  createdAt: string;
  decidedBy?: string;
  decidedAt?: string;
}

export const NewAccount = z
  .object({
    email: Email,
    name: z.string().trim().min(1, 'is required').max(200),
    password: Password,
    roles: z.array(Role).max(ROLES.length).default([]),
    organisationIds: z.array(OrgId).max(100).default([]),
  })
  .strict()
  .meta({ id: 'NewAccount' });
export type NewAccount = z.input<typeof NewAccount>;

export const NewToken = z
  .object({
    name: z.string().trim().min(1, 'is required').max(100),
    scopes: z.array(Scope).min(1, 'give at least one scope').max(SCOPES.length).default(['read', 'write']),
  })
  .strict()
  .meta({ id: 'NewToken' });

export const ClaimRequest = z
  .object({ message: z.string().trim().min(1, 'say how you act for this organisation').max(1000) })
  .strict()
  .meta({ id: 'ClaimRequest' });

export const ClaimDecision = z
  .object({ decision: z.enum(['approve', 'reject']) })
  .strict()
  .meta({ id: 'ClaimDecision' });

/** What the API says about an account (never its password hash). */
export const AccountView = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    roles: z.array(Role),
    organisationIds: z.array(z.string()),
    createdAt: z.string(),
  })
  .meta({ id: 'Account' });

export function accountView(a: Account): z.infer<typeof AccountView> {
  return { id: a.id, email: a.email, name: a.name, roles: a.roles, organisationIds: a.organisationIds, createdAt: a.createdAt };
}

export const TokenView = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(Scope),
    createdAt: z.string(),
    revokedAt: z.string().optional(),
    lastUsedAt: z.string().optional(),
  })
  .meta({ id: 'ApiToken' });
