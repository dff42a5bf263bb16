/**
 * The pure consortium builder: a tender, a lead and a pool of candidate organisations in; the best K
 * alternative consortia out (the lead plus up to M partners), each with roles, coverage, turnover, weakest
 * link, reasons and partnership-model advice — or, when none is valid, exactly what is missing.
 *
 * The story: requirements (requirements.ts) → problem with pre-filtered pool (problem.ts) → solve (exact
 * branch and bound up to CONSORTIUM_DEFAULTS.exactMaxCandidates candidates, else beam search; 'exact' or 'heuristic'
 * can be forced) → keep K alternatives (objective.ts) → explain (explain.ts) → advise (models.ts).
 * Throws ValidationError when the exact solver is forced on a pool too large for it.
 */
import { gbp, listOf, plural } from '../matching/format.ts';
import type { Organisation } from '../organisations/schema.ts';
import type { Reference } from '../reference/types.ts';
import { BusyError, ValidationError } from '../shared/errors.ts';
import type { Tender } from '../tenders/schema.ts';
import { leadEligibility } from './eligibility.ts';
import { mutualQualification } from '../tenders/reserved-contracts.ts';
import { KIND_LABEL } from '../organisations/vcse.ts';
import { describeTeam, explainMissing, greedyTeam, type TeamFacts } from './explain.ts';
import { adviseModels, type ModelSituation } from './models.ts';
import { isValidTeam, objectiveBreakdown, pickAlternatives, round, teamScore, type Team } from './objective.ts';
import { buildProblem, containsAll, type Problem } from './problem.ts';
import { requirementsOf, type Requirements } from './requirements.ts';
import { partnershipGraphOf, type PartnershipGraph } from '../organisations/partnership-graph.ts';
import type { Consortium, ConsortiumRequest, ConsortiumResponse } from './schema.ts';
import { CONSORTIUM_DEFAULTS, resolveObjectiveWeights } from './settings.ts';
import { ExactSearchStopped, solveExact } from './solve-exact.ts';
import { LIMITS } from '../shared/limits.ts';
import { solveHeuristic } from './solve-heuristic.ts';
import type { VetoRule } from '../matching/vetoes.ts';

/** The request fields the builder reads (all optional here; defaults from CONSORTIUM_DEFAULTS). */
export type BuilderRequest = Partial<
  Pick<
    ConsortiumRequest,
    | 'lots'
    | 'maxPartners'
    | 'alternatives'
    | 'areaCoverage'
    | 'solver'
    | 'weights'
    | 'singleContractorRequired'
    | 'assetLockWanted'
    | 'outliveContract'
    | 'sharedRisk'
    | 'jointAndSeveralLiability'
    | 'maxShareOfTurnover'
  >
>;

/** Search knobs, for tests and benchmarks; defaults from CONSORTIUM_DEFAULTS. */
export interface Tuning {
  beamWidth: number;
  branching: number;
  localSearchTeams: number;
  exactMaxCandidates: number;
  maxPool: number;
  poolPerGap: number;
}

export interface BuilderInput {
  ref: Reference;
  tender: Tender;
  /** the tender's requirements (requirementsOf), when the caller has them already */
  req?: Requirements;
  lead: Organisation;
  pool: readonly Organisation[];
  /**
   * The partnership graph around the lead and the pool, one step out (Store.partnershipsAround(…, 1)); by default
   * the graph of the records the lead and the pool hold.
   */
  partnerships?: PartnershipGraph;
  request?: BuilderRequest;
  now: Date;
  tuning?: Partial<Tuning>;
  /** cells count only local presence (based, or authority level), never a wide claim: see ProblemOptions */
  localPresenceOnly?: boolean;
  /** asked during the exact search: true stops it (a time budget); "auto" then uses the heuristic */
  stopExact?: () => boolean;
  /** whose do-not-partner lists to honour (src/matching/vetoes.ts): those the caller may read */
  vetoes: VetoRule;
}

export const EXACT_METHOD = 'exact: depth-first branch and bound over every team (feasibility and score bounds)';
export const HEURISTIC_METHOD =
  'heuristic: beam search with RarestFirst branching (Lappas, Liu & Terzi, KDD 2009) and greedy marginal gain, then 1-swap local search';

export function proposeConsortia(input: BuilderInput): ConsortiumResponse {
  const { request = {} } = input;
  const tuning: Tuning = {
    beamWidth: CONSORTIUM_DEFAULTS.beamWidth,
    branching: CONSORTIUM_DEFAULTS.branching,
    localSearchTeams: CONSORTIUM_DEFAULTS.localSearchTeams,
    exactMaxCandidates: CONSORTIUM_DEFAULTS.exactMaxCandidates,
    maxPool: CONSORTIUM_DEFAULTS.maxPool,
    poolPerGap: CONSORTIUM_DEFAULTS.poolPerGap,
    ...input.tuning,
  };
  const alternatives = request.alternatives ?? CONSORTIUM_DEFAULTS.alternatives;
  const problem = problemOf(input, tuning, false);

  const { teams, exact } = solve(problem, request.solver ?? CONSORTIUM_DEFAULTS.solver, tuning, alternatives * 8, input.stopExact);
  if (teams.length === 0) {
    // Safety net: the heuristic can miss where a greedy cover succeeds; never answer "missing" then.
    const greedy = greedyTeam(problem);
    if (isValidTeam(problem, greedy)) teams.push({ members: greedy, score: teamScore(problem, greedy) });
  }
  const chosen = pickAlternatives(problem, teams, alternatives);
  const consortia = chosen.map((team, i) => consortiumOf(problem, team, i + 1, request));
  return responseOf(problem, input.lead, consortia, {
    notes: notesFor(problem, exact),
    search: {
      solver: exact ? 'exact' : 'heuristic',
      method: exact ? EXACT_METHOD : HEURISTIC_METHOD,
      candidatesGiven: problem.pool.given,
      candidatesEligible: problem.pool.eligible,
      candidatesSearched: problem.members.length - 1,
    },
    missing: consortia.length === 0 ? explainMissing(problem) : [],
  });
}

export const CHOSEN_METHOD = 'chosen: the team was given, not searched for; it is described and advised as it is';

/**
 * One team the partners have chosen (the lead and `input.pool`, in that order), described like a proposed consortium:
 * roles, coverage (with what it leaves uncovered), turnover, weakest link and partnership-model advice. No partner
 * is filtered out, even one that brings nothing new: the response says so in its reasons instead.
 */
export function describeChosenConsortium(input: BuilderInput): ConsortiumResponse {
  const problem = problemOf(input, { maxPool: Number.MAX_SAFE_INTEGER, poolPerGap: CONSORTIUM_DEFAULTS.poolPerGap }, true);
  const team = problem.members.map((m) => m.index);
  const consortium = consortiumOf(problem, { members: team, score: teamScore(problem, team) }, 1, input.request ?? {});
  return responseOf(problem, input.lead, [consortium], {
    notes: [],
    search: {
      solver: 'exact',
      method: CHOSEN_METHOD,
      candidatesGiven: problem.pool.given,
      candidatesEligible: problem.pool.eligible,
      candidatesSearched: problem.members.length - 1,
    },
    missing: [],
  });
}

function problemOf(input: BuilderInput, tuning: Pick<Tuning, 'maxPool' | 'poolPerGap'>, keepPool: boolean): Problem {
  const { ref, tender, lead, request = {} } = input;
  const req =
    input.req ??
    requirementsOf(tender, ref, { lots: request.lots, areaCoverage: request.areaCoverage ?? CONSORTIUM_DEFAULTS.areaCoverage });
  return buildProblem(ref, tender, req, lead, input.pool, {
    maxPartners: keepPool ? input.pool.length : (request.maxPartners ?? CONSORTIUM_DEFAULTS.maxPartners),
    weights: resolveObjectiveWeights(request.weights),
    now: input.now,
    partnerships: input.partnerships ?? partnershipGraphOf([lead, ...input.pool]),
    maxPool: tuning.maxPool,
    poolPerGap: tuning.poolPerGap,
    maxShareOfTurnover: request.maxShareOfTurnover ?? CONSORTIUM_DEFAULTS.maxShareOfTurnover,
    keepPool,
    vetoes: input.vetoes,
    localPresenceOnly: input.localPresenceOnly,
  });
}

function responseOf(
  problem: Problem,
  lead: Organisation,
  consortia: Consortium[],
  rest: Pick<ConsortiumResponse, 'notes' | 'search' | 'missing'>,
): ConsortiumResponse {
  const { ref, tender, req } = problem;
  const leadMember = problem.members[0];
  return {
    lead: { id: lead.id, name: lead.name, kind: lead.kind },
    tender: {
      id: tender.id,
      title: tender.title,
      buyer: tender.buyer?.name,
      lotsBidFor: req.lots.map((l) => ({ id: l.id, title: l.title })),
      requiredServices: req.services.map((s, i) => ({
        code: s.code,
        label: ref.cpv.get(s.code)?.label ?? s.code,
        lots: s.lots,
        leadCovers: leadMember.serviceShare[i] > 0,
      })),
      deliveryAreas: tender.deliveryAreas.map((code) => ({ code, name: ref.geography.name(code) })),
      areaCoverage: req.areaCoverage,
      turnoverThresholdGbp: req.thresholdGbp,
      thresholdBasis: req.thresholdBasis,
      daysToDeadline: problem.contextOf(0).daysToDeadline,
    },
    eligibility: leadEligibility(tender, lead, problem.contextOf(0).reservation!, ref),
    notes: rest.notes,
    search: rest.search,
    consortia,
    missing: rest.missing,
  };
}

function solve(
  problem: Problem,
  choice: 'auto' | 'exact' | 'heuristic',
  tuning: Tuning,
  keep: number,
  stopExact?: () => boolean,
): { teams: Team[]; exact: boolean } {
  const candidates = problem.members.length - 1;
  if (choice === 'exact' && candidates > tuning.exactMaxCandidates) {
    throw new ValidationError([
      {
        path: 'solver',
        message: `consortia/solve-exact: handles at most ${tuning.exactMaxCandidates} candidates and this search has ${candidates} after pre-filtering; use "auto" or "heuristic"`,
      },
    ]);
  }
  const heuristic = () =>
    solveHeuristic(problem, { beamWidth: tuning.beamWidth, branching: tuning.branching, localSearchTeams: tuning.localSearchTeams, keep });
  if (choice === 'heuristic' || (choice === 'auto' && candidates > tuning.exactMaxCandidates)) return { teams: heuristic(), exact: false };
  try {
    return { teams: solveExact(problem, keep, stopExact), exact: true };
  } catch (error) {
    if (!(error instanceof ExactSearchStopped)) throw error;
    if (choice === 'auto') return { teams: heuristic(), exact: false };
    throw new BusyError(
      'consortia/solve-exact: the exact search ran past its time budget; ask again later, or with solver "auto" (the heuristic takes over past the budget) or "heuristic"',
      LIMITS.budgets.consortia.retryAfterSeconds,
    );
  }
}

function consortiumOf(problem: Problem, team: Team, rank: number, request: BuilderRequest): Consortium {
  const facts = describeTeam(problem, team.members);
  const ms = team.members.map((i) => problem.members[i]);
  const rule = problem.contextOf(0).reservation!;
  const mutuals = ms.filter((m) => mutualQualification(m.org, rule, problem.ref).qualifies);
  const notes: string[] = [];
  let canBid = true;
  if (problem.tender.reservedForMutuals && rule.available) {
    const lead = ms[0].org;
    if (mutuals.length > 0 && mutuals[0] === ms[0])
      notes.push(`${lead.name} is a public service mutual that qualifies under ${rule.citation} and can hold the reserved contract`);
    else if (mutuals.length > 0)
      notes.push(
        `${lead.name} is ${KIND_LABEL[lead.kind]} and cannot hold the reserved contract; ${mutuals[0].org.name} is a public service mutual that qualifies under ${rule.citation} and could, as prime`,
      );
    else {
      canBid = false;
      notes.push(
        `No member is a public service mutual that qualifies under ${rule.citation}, so this consortium cannot bid for a contract reserved for mutuals`,
      );
    }
  }
  const vcse = facts.members.filter((m) => m.vcse).map((m) => m.name);
  if (problem.tender.vcseSuitable)
    notes.push(
      vcse.length > 0
        ? `VCSE members: ${listOf(vcse, 6)}`
        : 'No member is a VCSE, on a tender the commissioner marks as suitable for VCSEs',
    );

  return {
    rank,
    score: round(team.score),
    objective: objectiveBreakdown(problem, team.members),
    ...facts,
    eligibility: { canBid, vcseMembers: vcse, notes },
    advice: adviseModels(situationOf(problem, team, facts, request)),
  };
}

function situationOf(problem: Problem, team: Team, facts: TeamFacts, request: BuilderRequest): ModelSituation {
  const { tender, req, ref } = problem;
  const ms = team.members.map((i) => problem.members[i]);
  const newPairs: [string, string][] = [];
  let pairCount = 0;
  for (let x = 0; x < ms.length; x++)
    for (let y = x + 1; y < ms.length; y++) {
      pairCount++;
      const a = ms[x].profile;
      const b = ms[y].profile;
      if (!a.partners.has(b.org.id) && !b.partners.has(a.org.id)) newPairs.push([a.org.name, b.org.name]);
    }
  const healthCodes = req.services.filter((s) => ref.cpv.sectorOf(s.code) === 'health').length;
  const inferredSingle = request.singleContractorRequired === undefined && !tender.openToConsortia;
  return {
    members: ms.map((m, k) => ({
      id: m.org.id,
      name: m.org.name,
      kind: m.org.kind,
      legalForm: m.org.legalForm,
      turnoverGbp: m.org.annualTurnoverGbp,
      commercialMaturity: m.org.waysOfWorking.commercialMaturity,
      wholeLots: facts.members[k].role.lots.filter((l) => l.whole).length,
      servicesCovered: facts.members[k].role.services.length,
      pastModels: m.org.partnerships.map((p) => p.model),
      holdsAssetLock: m.org.values.includes('asset_lock') || m.org.legalForm === 'cic',
      isLead: m.index === 0,
    })),
    commissioner: tender.buyer?.name,
    health: req.services.length > 0 && healthCodes / req.services.length >= 0.5,
    lotsBidFor: req.lots.length,
    servicesRequired: req.services.length,
    reservedForMutuals: tender.reservedForMutuals && problem.contextOf(0).reservation!.available,
    reservationLaw: problem.contextOf(0).reservation!.citation,
    daysToDeadline: problem.contextOf(0).daysToDeadline,
    newPairs,
    pairCount,
    singleContractorRequired: request.singleContractorRequired ?? (inferredSingle ? true : undefined),
    singleContractorInferred: inferredSingle,
    assetLockWanted: request.assetLockWanted,
    outliveContract: request.outliveContract,
    sharedRisk: request.sharedRisk,
    jointAndSeveralLiability: request.jointAndSeveralLiability,
    shortDeadlineDays: CONSORTIUM_DEFAULTS.shortDeadlineDays,
  };
}

function notesFor(problem: Problem, exact: boolean): string[] {
  const { ref, req, members } = problem;
  const lead = members[0];
  const notes: string[] = [];
  for (const r of req.refinements)
    notes.push(
      r.found.length > 0
        ? `The tender lists ${ref.cpv.describe(r.broad)}, a whole field; from its words it asks for ${listOf(
            r.found.map((c) => ref.cpv.describe(c)),
            4,
          )}, so those are the services to cover`
        : `The tender lists only ${ref.cpv.describe(r.broad)}, a whole field, and its words name no service within it: any service in it counts`,
    );
  const serviceGaps = req.services.filter((_, k) => lead.serviceShare[k] === 0).map((s) => ref.cpv.describe(s.code));
  if (serviceGaps.length > 0)
    notes.push(
      `${lead.org.name} lacks ${serviceGaps.length} of ${plural(req.services.length, 'required service')}: ${listOf(serviceGaps, 3)}`,
    );
  else notes.push(`${lead.org.name} delivers every required service itself`);
  const areaGaps = req.areas.filter((_, k) => lead.areaPresence[k] < CONSORTIUM_DEFAULTS.minPresence);
  if (areaGaps.length > 0)
    notes.push(
      `${lead.org.name} does not work in ${areaGaps.length} of the ${plural(req.areas.length, req.areaCoverage === 'utla' ? 'upper-tier authority' : 'local authority', req.areaCoverage === 'utla' ? 'upper-tier authorities' : 'local authorities')} of the tender area (${listOf(
        areaGaps.map((a) => ref.geography.name(a.code)),
        4,
      )}); every service must be covered in every one (${plural(problem.requirements.length, 'service-and-place cell')})`,
    );
  if (req.thresholdGbp !== undefined)
    notes.push(
      `Turnover threshold ${gbp(req.thresholdGbp)} (${req.thresholdBasis}); ${lead.org.name}’s is ${lead.org.annualTurnoverGbp !== undefined ? gbp(lead.turnover) : 'unknown'}`,
    );
  if (req.partial)
    notes.push(
      `Bidding for ${plural(req.lots.length, 'lot')} of ${problem.tender.lots.length}: ${listOf(
        req.lots.map((l) => l.id),
        5,
      )}`,
    );
  if (containsAll(lead.covers, problem.full) && (req.thresholdGbp === undefined || lead.turnover >= req.thresholdGbp))
    notes.push(`${lead.org.name} meets every requirement alone, so bidding alone ranks first; partners only add risk to this bid`);
  const { given, eligible, bringing, kept } = problem.pool;
  const searched = kept < bringing ? `the best ${kept} (chosen gap by gap, by fit with ${lead.org.name})` : `all ${kept}`;
  notes.push(
    `${plural(given, 'candidate')} considered: ${eligible} eligible and in or next to the tender area, ${bringing} bring something ${lead.org.name} lacks; ${searched} searched by the ${exact ? 'exact' : 'heuristic'} solver`,
  );
  return notes;
}
