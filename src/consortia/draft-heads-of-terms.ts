/**
 * "We have chosen our partners: what do we sign?" The story: fetch the lead, the partners and the tender → describe
 * the chosen team like a proposed consortium (roles, coverage, shares, advice; builder.ts) → draft the heads of terms
 * for the model the partners chose, or the advice's best (heads-of-terms.ts). Only public records are used: nobody's
 * private fields reach a document the other parties read.
 * Throws ValidationError for unknown codes or lots, NotFoundError for an unknown member or tender.
 */
import { PartnershipGraph } from '../organisations/partnership-graph.ts';
import type { Organisation } from '../organisations/schema.ts';
import { NotFoundError, ValidationError } from '../shared/errors.ts';
import { resolveTender } from '../tenders/service.ts';
import { unknownLots, type ConsortiaDeps } from './build-consortia.ts';
import { describeChosenConsortium } from './builder.ts';
import { draftHeadsOfTerms, type HeadsOfTerms } from './heads-of-terms.ts';
import type { HeadsOfTermsRequest, HeadsOfTermsResponse } from './heads-of-terms-schema.ts';

export async function draftHeadsOfTermsFor(deps: ConsortiaDeps, request: HeadsOfTermsRequest): Promise<HeadsOfTermsResponse> {
  const ids = [request.leadId, ...request.partnerIds];
  const [tender, ...found] = await Promise.all([resolveTender(deps, request), ...ids.map((id) => deps.store.getOrganisation(id))]);
  const missing = ids.filter((_, i) => !found[i]);
  if (missing.length > 0) throw new NotFoundError('organisation', missing.join(', '));
  const lotIssues = unknownLots(tender, request.lots);
  if (lotIssues.length > 0) throw new ValidationError(lotIssues);

  const members = found.map((org) => publicOnly(org!));
  const [lead, ...partners] = members;
  const now = request.asOf ? new Date(request.asOf) : deps.now();
  const partnerships = PartnershipGraph.fromNeighbourhood(await deps.store.partnershipsAround(ids, 1));
  const response = describeChosenConsortium({ ref: deps.ref, tender, lead: lead, pool: partners, partnerships, request, now });
  const consortium = response.consortia[0];
  const headsOfTerms: HeadsOfTerms = draftHeadsOfTerms({ response, consortium, tender, organisations: members, model: request.model, now });
  return { headsOfTerms, consortium };
}

/** The record without its private part: what every party may read about the others. */
function publicOnly(org: Organisation): Organisation {
  const { private: _private, ...rest } = org;
  return rest;
}
