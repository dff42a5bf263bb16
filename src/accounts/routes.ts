/**
 * The access slice: authentication for every request (middleware.ts; mounted first, see src/features.ts) and the
 * API of accounts, tokens, claims and the audit log. Who may call what: docs/security.md.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z } from 'zod';
import type { Slice } from '../http/app.ts';
import { callerOf, guard, isAdmin, requireAdmin, requireReadPrivate, requireScope, requireSignedIn } from '../http/caller.ts';
import { errors, json, pageOf, Paging } from '../http/openapi.ts';
import { parsed, validate } from '../http/validate.ts';
import { OrgId } from '../shared/codes.ts';
import type { CoreDeps } from '../shared/deps.ts';
import { NotFoundError } from '../shared/errors.ts';
import { createAccount, createToken, getAccount, listTokens, revokeToken } from './accounts.ts';
import { listAudit } from './audit.ts';
import { decideClaim, listClaims, requestClaim } from './claims.ts';
import { authentication, type AuthenticationOptions } from './middleware.ts';
import { accountView, AccountView, CLAIM_STATUSES, ClaimDecision, ClaimRequest, NewAccount, NewToken, TokenView } from './schema.ts';

const OrgParams = z.object({ id: OrgId });
const IdParams = z.object({ id: z.string().trim().min(1).max(100) });
const ClaimQuery = Paging.extend({ status: z.enum(CLAIM_STATUSES).optional() });

const AuditEntryView = z
  .object({
    id: z.string(),
    at: z.string(),
    action: z.string(),
    actor: z.string(),
    via: z.string(),
    organisationId: z.string().optional(),
    target: z.object({ type: z.string(), id: z.string() }),
    summary: z.string(),
  })
  .meta({ id: 'AuditEntry' });
const ClaimView = z
  .object({
    id: z.string(),
    accountId: z.string(),
    organisationId: z.string(),
    message: z.string(),
    status: z.enum(CLAIM_STATUSES),
    createdAt: z.string(),
    decidedBy: z.string().optional(),
    decidedAt: z.string().optional(),
  })
  .meta({ id: 'Claim' });

export function accessSlice(deps: CoreDeps, options: AuthenticationOptions = {}): Slice {
  const d = { records: deps.store.records, now: deps.now, store: deps.store };
  const router = Router();
  router.use(authentication(d, options));

  router.get('/v1/me', guard(requireSignedIn), async (req, res) => {
    const caller = callerOf(req);
    const account = await getAccount(d, caller.accountId ?? '');
    if (!account) throw new NotFoundError('account', caller.accountId ?? '');
    res.json({ ...accountView(account), via: caller.via, scopes: caller.scopes });
  });

  router.post('/v1/accounts', guard(requireAdmin), validate('body', NewAccount), async (req, res) => {
    const account = await createAccount(d, parsed(res, 'body'), callerOf(req));
    res.status(201).json(accountView(account));
  });

  router.get('/v1/tokens', guard(requireSignedIn), async (req, res) => {
    res.json({ items: (await listTokens(d, callerOf(req).accountId ?? '')).map(stripToken) });
  });
  router.post('/v1/tokens', guard(requireSignedIn), validate('body', NewToken), async (req, res) => {
    const caller = callerOf(req);
    const input = parsed<z.infer<typeof NewToken>>(res, 'body');
    // a token never gives more than the caller has now: its scopes are cut to the caller's
    const { token, secret } = await createToken(d, caller, { ...input, scopes: input.scopes.filter((s) => caller.scopes.includes(s)) });
    res.status(201).json({ ...stripToken(token), token: secret });
  });
  router.delete('/v1/tokens/:id', guard(requireSignedIn), validate('params', IdParams), async (req, res) => {
    const caller = callerOf(req);
    res.json(stripToken(await revokeToken(d, caller, parsed<{ id: string }>(res, 'params').id, isAdmin(caller))));
  });

  router.post(
    '/v1/organisations/:id/claims',
    guard((c) => requireScope(c, 'write')),
    validate('params', OrgParams),
    validate('body', ClaimRequest),
    async (req, res) => {
      const claim = await requestClaim(
        d,
        callerOf(req),
        parsed<{ id: string }>(res, 'params').id,
        parsed<{ message: string }>(res, 'body').message,
      );
      res.status(201).json(claim);
    },
  );
  router.get('/v1/claims', guard(requireAdmin), validate('query', ClaimQuery), async (_req, res) => {
    const q = parsed<z.infer<typeof ClaimQuery>>(res, 'query');
    const page = await listClaims(d, { status: q.status }, q.offset, q.limit);
    res.json({ total: page.total, offset: q.offset, limit: q.limit, items: page.items });
  });
  router.post(
    '/v1/claims/:id/decision',
    guard(requireAdmin),
    validate('params', IdParams),
    validate('body', ClaimDecision),
    async (req, res) => {
      const decision = parsed<z.infer<typeof ClaimDecision>>(res, 'body').decision;
      res.json(await decideClaim(d, callerOf(req), parsed<{ id: string }>(res, 'params').id, decision));
    },
  );

  router.get('/v1/audit', guard(requireAdmin), validate('query', Paging), async (_req, res) => {
    const { offset, limit } = parsed<Paging>(res, 'query');
    const page = await listAudit(d, undefined, offset, limit);
    res.json({ total: page.total, offset, limit, items: page.items });
  });
  router.get('/v1/organisations/:id/audit', validate('params', OrgParams), validate('query', Paging), async (req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    requireReadPrivate(callerOf(req), id);
    const { offset, limit } = parsed<Paging>(res, 'query');
    const page = await listAudit(d, id, offset, limit);
    res.json({ total: page.total, offset, limit, items: page.items.filter((e) => e.organisationId === id) });
  });

  return { routes: router, openapi: registerAccessOpenApi };
}

function stripToken(token: z.infer<typeof TokenView> & { accountId?: string }): z.infer<typeof TokenView> {
  const { accountId: _account, ...view } = token;
  return view;
}

export function registerAccessOpenApi(registry: OpenAPIRegistry): void {
  const tags = ['accounts'];
  const auth = { 401: errors[401], 403: errors[403] };
  registry.registerPath({
    method: 'get',
    path: '/v1/me',
    tags,
    summary: 'The account calling, its roles, organisations and scopes',
    responses: { 200: json(AccountView, 'You'), 401: errors[401] },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/accounts',
    tags,
    summary: 'Create an account (administrators): roles admin or commissioner; organisationIds makes it a member',
    request: { body: { content: { 'application/json': { schema: NewAccount } } } },
    responses: { 201: json(AccountView, 'Created'), 400: errors[400], ...auth, 409: errors[400] },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/tokens',
    tags,
    summary: 'Your API tokens (never their secrets)',
    responses: { 200: json(z.object({ items: z.array(TokenView) }), 'Tokens'), 401: errors[401] },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/tokens',
    tags,
    summary: 'Create an API token: the secret is in `token`, shown this once; send it as `Authorization: Bearer <token>`',
    request: { body: { content: { 'application/json': { schema: NewToken } } } },
    responses: { 201: json(TokenView.extend({ token: z.string() }), 'Created'), 400: errors[400], 401: errors[401] },
  });
  registry.registerPath({
    method: 'delete',
    path: '/v1/tokens/{id}',
    tags,
    summary: "Revoke an API token (yours; administrators: anyone's)",
    request: { params: IdParams },
    responses: { 200: json(TokenView, 'Revoked'), 401: errors[401], 404: errors[404] },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/organisations/{id}/claims',
    tags,
    summary: 'Ask to act for an organisation that exists already; an administrator approves or rejects',
    request: { params: OrgParams, body: { content: { 'application/json': { schema: ClaimRequest } } } },
    responses: { 201: json(ClaimView, 'Requested'), 400: errors[400], ...auth, 404: errors[404], 409: errors[400] },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/claims',
    tags,
    summary: 'Claims (administrators), newest first',
    request: { query: ClaimQuery },
    responses: { 200: json(pageOf(ClaimView), 'A page'), ...auth },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/claims/{id}/decision',
    tags,
    summary: 'Approve (the person becomes a member) or reject a claim (administrators)',
    request: { params: IdParams, body: { content: { 'application/json': { schema: ClaimDecision } } } },
    responses: { 200: json(ClaimView, 'Decided'), ...auth, 404: errors[404], 409: errors[400] },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/audit',
    tags,
    summary: 'The audit log (administrators), newest first',
    request: { query: Paging },
    responses: { 200: json(pageOf(AuditEntryView), 'A page'), ...auth },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/organisations/{id}/audit',
    tags,
    summary: "An organisation's audit log (its members and administrators)",
    request: { params: OrgParams, query: Paging },
    responses: { 200: json(pageOf(AuditEntryView), 'A page'), ...auth },
  });
}
