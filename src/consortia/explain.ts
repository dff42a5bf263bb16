/**
 * Turns a solved team into what a bid manager reads: each member's role (lots, services, areas, turnover),
 * the coverage table, combined turnover against the threshold, the weakest link and the reasons for and
 * against — and, when no valid team exists, exactly what is missing.
 */
import { sourceOf } from '../organisations/provenance.ts';
import { places } from '../matching/factors/geography.ts';
import { VALUE_LABELS } from '../matching/factors/values.ts';
import { gbp, listOf, plural } from '../matching/format.ts';
import { demoNote, presenceIn } from '../matching/places.ts';
import { classOf, type OrgProfile } from '../matching/profile.ts';
import type { Organisation, OrgValue } from '../organisations/schema.ts';
import type { Sector } from '../reference/types.ts';
import { isVcse } from '../organisations/vcse.ts';
import { teamCoverage, teamTurnover, type TeamMembers } from './objective.ts';
import { cellValue, countNew, hasBit, orBits, type Member, type Problem } from './problem.ts';
import type { ConsortiumMember } from './schema.ts';
import { CONSORTIUM_DEFAULTS, type PairTerm } from './settings.ts';

export interface TeamFacts {
  members: ConsortiumMember[];
  coverage: { services: CoverageRow[]; areas: CoverageRow[]; uncovered: ReturnType<typeof uncoveredCells> };
  turnover: { combinedGbp: number; thresholdGbp?: number; meets: boolean; marginGbp?: number; unknown: string[] };
  weakestLink?: { members: string[]; score: number; why: string };
  reasonsFor: string[];
  reasonsAgainst: string[];
}

interface CoverageRow {
  code: string;
  name: string;
  lots?: string[];
  members: string[];
}

/** "Cornwall (E06000052)" */
export function areaName(problem: Problem, code: string): string {
  return `${problem.ref.geography.name(code)} (${code})`;
}

/** "85311200 Welfare services for the handicapped in Bradford (E08000032)" */
export function cellName(problem: Problem, r: number): string {
  const cell = problem.requirements[r];
  const service = problem.ref.cpv.describe(problem.req.services[cell.service].code);
  return cell.area < 0 ? service : `${service} in ${areaName(problem, problem.req.areas[cell.area].code)}`;
}

/**
 * Each member's yearly part of the contract: every cell's value split among the members covering it, in
 * proportion to their turnover (evenly when none is known). Zero throughout when the value is unknown.
 */
export function yearlyShares(problem: Problem, team: TeamMembers): Map<number, number> {
  const out = new Map<number, number>(team.map((i) => [i, 0]));
  problem.requirements.forEach((cell, r) => {
    const value = cellValue(problem.req, cell);
    if (value === 0) return;
    const holders = team.filter((i) => hasBit(problem.members[i].covers, r));
    const weight = (i: number) => problem.members[i].turnover;
    const total = holders.reduce((sum, i) => sum + weight(i), 0);
    for (const i of holders) out.set(i, out.get(i)! + (total > 0 ? (value * weight(i)) / total : value / holders.length));
  });
  return out;
}

export function describeTeam(problem: Problem, team: TeamMembers): TeamFacts {
  const { ref, req } = problem;
  const ms = team.map((i) => problem.members[i]);
  const combined = teamTurnover(problem, team);
  const shares = yearlyShares(problem, team);
  const coversService = (m: Member, s: number) => problem.requirements.some((c, r) => c.service === s && hasBit(m.covers, r));
  const coversArea = (m: Member, a: number) => problem.requirements.some((c, r) => c.area === a && hasBit(m.covers, r));

  const members: ConsortiumMember[] = ms.map((m) => {
    const services = req.services.flatMap((s, k) =>
      coversService(m, k)
        ? [{ code: s.code, label: ref.cpv.get(s.code)?.label ?? s.code, onlyMember: ms.every((o) => o === m || !coversService(o, k)) }]
        : [],
    );
    const areas = req.areas.flatMap((a, k) =>
      coversArea(m, k)
        ? [{ code: a.code, name: ref.geography.name(a.code), onlyMember: ms.every((o) => o === m || !coversArea(o, k)) }]
        : [],
    );
    const lads = req.areas.flatMap((a, k) =>
      coversArea(m, k) ? a.lads.filter((lad) => presenceIn(m.profile.places, lad, ref).strength > 0) : [],
    );
    const uniqueLads = req.areas.flatMap((a, k) =>
      coversArea(m, k) && ms.every((o) => o === m || !coversArea(o, k))
        ? a.lads.filter((lad) => presenceIn(m.profile.places, lad, ref).strength > 0)
        : [],
    );
    const lots = req.lots
      .map((lot) => ({ lot, n: services.filter((s) => req.services.find((x) => x.code === s.code)?.lots.includes(lot.id)).length }))
      .filter(({ n }) => n > 0)
      .map(({ lot, n }) => ({ id: lot.id, title: lot.title, whole: n === req.services.filter((x) => x.lots.includes(lot.id)).length }));
    const turnoverShare = combined > 0 ? round(m.turnover / combined) : 0;
    const yearly = shares.get(m.index)!;
    const carry =
      req.yearlyValueGbp !== undefined && m.org.annualTurnoverGbp !== undefined
        ? { yearlyShareGbp: Math.round(yearly), canCarry: yearly <= problem.maxShareOfTurnover * m.turnover }
        : {};
    return {
      id: m.org.id,
      name: m.org.name,
      kind: m.org.kind,
      legalForm: m.org.legalForm,
      annualTurnoverGbp: m.org.annualTurnoverGbp,
      isLead: m.index === 0,
      vcse: isVcse(m.org),
      role: {
        lots,
        services,
        areas,
        turnoverShare,
        ...carry,
        summary: roleSummary(problem, m, services, lots, lads, uniqueLads, turnoverShare, yearly),
      },
    };
  });

  const coverage = {
    services: req.services.map((r, k) => ({
      code: r.code,
      name: ref.cpv.get(r.code)?.label ?? r.code,
      lots: r.lots,
      members: ms.filter((m) => coversService(m, k)).map((m) => m.org.id),
    })),
    areas: req.areas.map((r, k) => ({
      code: r.code,
      name: ref.geography.name(r.code),
      members: ms.filter((m) => coversArea(m, k)).map((m) => m.org.id),
    })),
    uncovered: uncoveredCells(problem, team),
  };

  const threshold = req.thresholdGbp;
  const turnover = {
    combinedGbp: combined,
    thresholdGbp: threshold !== undefined ? Math.round(threshold) : undefined,
    meets: threshold === undefined || combined >= threshold,
    marginGbp: threshold !== undefined ? Math.round(combined - threshold) : undefined,
    unknown: ms.filter((m) => m.org.annualTurnoverGbp === undefined).map((m) => m.org.id),
  };

  const { reasonsFor, reasonsAgainst } = reasons(problem, team, combined, shares);
  return { members, coverage, turnover, weakestLink: weakestLink(problem, team), reasonsFor, reasonsAgainst };
}

/** The cells no member covers, per service: "85311200 … in Cornwall". Empty for every consortium returned. */
export function uncoveredCells(
  problem: Problem,
  team: TeamMembers,
): { code: string; label: string; areas: { code: string; name: string }[] }[] {
  const cover = teamCoverage(problem, team);
  const { req, ref } = problem;
  return req.services.flatMap((s, k) => {
    const missing = problem.requirements.flatMap((cell, r) => (cell.service === k && !hasBit(cover, r) ? [cell] : []));
    if (missing.length === 0) return [];
    return [
      {
        code: s.code,
        label: ref.cpv.get(s.code)?.label ?? s.code,
        areas: missing
          .filter((c) => c.area >= 0)
          .map((c) => ({ code: req.areas[c.area].code, name: ref.geography.name(req.areas[c.area].code) })),
      },
    ];
  });
}

function roleSummary(
  problem: Problem,
  m: Member,
  services: ConsortiumMember['role']['services'],
  lots: ConsortiumMember['role']['lots'],
  lads: readonly string[],
  uniqueLads: readonly string[],
  share: number,
  yearly: number,
): string {
  const { ref } = problem;
  const parts: string[] = [];
  if (m.index === 0) parts.push('Leads the search');
  const unique = services.filter((s) => s.onlyMember);
  const shared = services.filter((s) => !s.onlyMember);
  const lotText =
    lots.length > 0
      ? ` for ${listOf(
          lots.map((l) => (l.whole ? `lot ${l.id} (whole)` : `part of lot ${l.id}`)),
          3,
        )}`
      : '';
  if (unique.length > 0) {
    const more = shared.length > 0 ? `, and also ${plural(shared.length, 'other required service')}` : '';
    parts.push(
      `Only member delivering ${listOf(
        unique.map((s) => ref.cpv.describe(s.code)),
        2,
      )}${more}${lotText}`,
    );
  } else if (shared.length > 0)
    parts.push(
      `Delivers ${listOf(
        shared.map((s) => ref.cpv.describe(s.code)),
        2,
      )}${lotText}`,
    );
  if (lads.length > 0) {
    const only = uniqueLads.length > 0 ? ` (the only member in ${places(uniqueLads, ref)})` : '';
    parts.push(`works in ${places(lads, ref, 3)}${only}`);
  }
  const money =
    m.org.annualTurnoverGbp !== undefined
      ? `${gbp(m.turnover)} turnover${turnoverNote([m])} (${Math.round(share * 100)}% of the team’s)`
      : 'turnover unknown';
  if (yearly > 0)
    parts.push(
      m.org.annualTurnoverGbp !== undefined && m.turnover > 0
        ? `would deliver about ${gbp(yearly)} a year, ${Math.round((100 * yearly) / m.turnover)}% of its turnover (${yearly <= problem.maxShareOfTurnover * m.turnover ? 'within' : 'more than'} the ${Math.round(problem.maxShareOfTurnover * 100)}% a member can plausibly carry)`
        : m.org.annualTurnoverGbp !== undefined
          ? `would deliver about ${gbp(yearly)} a year with no turnover of its own on record (£0): it cannot carry that alone`
          : `would deliver about ${gbp(yearly)} a year`,
    );
  parts.push(services.length === 0 && lads.length === 0 ? `brings turnover: ${money}` : money);
  const text = parts.map((p, i) => (i === 0 ? p.charAt(0).toUpperCase() + p.slice(1) : p.charAt(0).toLowerCase() + p.slice(1))).join('; ');
  return text;
}

const PAIR_LABEL = (problem: Problem, i: number, j: number) => `${problem.members[i].org.name} and ${problem.members[j].org.name}`;

function everWorkedTogether(a: OrgProfile, b: OrgProfile): boolean {
  return a.partners.has(b.org.id) || b.partners.has(a.org.id);
}

function sharedPartners(a: OrgProfile, b: OrgProfile): number {
  let n = 0;
  for (const id of a.partners.keys()) if (id !== b.org.id && b.partners.has(id)) n++;
  return n;
}

/** Why a pair scores low, one clause per weak term, the most costly first. */
function pairProblems(problem: Problem, i: number, j: number): string[] {
  const a = problem.members[i];
  const b = problem.members[j];
  const terms = problem.pair(i, j);
  const out: { cost: number; text: string }[] = [];
  const cost = (t: PairTerm) => problem.weights[t] * (1 - terms[t]);
  if (terms.trust < 0.35) {
    const text = everWorkedTogether(a.profile, b.profile)
      ? 'worked together before and it went badly'
      : sharedPartners(a.profile, b.profile) > 0
        ? 'have never worked together directly'
        : 'have never worked together and share no partners';
    out.push({ cost: cost('trust'), text });
  }
  if (terms.valueAlignment < 0.4) {
    const av = a.org.values;
    const bv = b.org.values;
    const common = av.filter((v) => bv.includes(v));
    const text =
      av.length === 0 || bv.length === 0
        ? `cannot be compared on values (${(av.length === 0 ? a : b).org.name} declares none)`
        : common.length === 0
          ? 'share none of their declared values'
          : `share only ${listOf(common.map((v) => VALUE_LABELS[v]))} of the values they declare`;
    out.push({ cost: cost('valueAlignment'), text });
  }
  if (terms.competition <= 1 - CONSORTIUM_DEFAULTS.competitorRisk)
    out.push({ cost: cost('competition'), text: `compete: ${rivalry(problem, a, b)}` });
  if (terms.waysOfWorking < 0.65) out.push({ cost: cost('waysOfWorking'), text: waysClause(a, b) });
  return out.sort((x, y) => y.cost - x.cost).map((p) => p.text);
}

function waysClause(a: Member, b: Member): string {
  const sa = a.org.waysOfWorking.decisionSpeed;
  const sb = b.org.waysOfWorking.decisionSpeed;
  if (sa !== sb && (sa === 'months' || sb === 'months'))
    return `decide at different speeds (${a.org.name} in ${sa}, ${b.org.name} in ${sb})`;
  if (a.turnover > 0 && b.turnover > 0) {
    const ratio = Math.max(a.turnover, b.turnover) / Math.min(a.turnover, b.turnover);
    if (ratio > 10) return `differ greatly in size (one is ${Math.round(ratio)}× the other by turnover), so expect an unequal say`;
  }
  return 'govern and decide differently';
}

/** How the member is present in the best of `lads`: based, authority or wide. */
function presenceBasis(problem: Problem, m: Member, lads: readonly string[]): string | undefined {
  let best: { strength: number; basis?: string } = { strength: 0 };
  for (const lad of lads) {
    const p = presenceIn(m.profile.places, lad, problem.ref);
    if (p.strength > best.strength) best = { strength: p.strength, basis: p.term?.basis };
  }
  return best.basis;
}

/** "both deliver social care in Devon" */
function rivalry(problem: Problem, a: Member, b: Member): string {
  const { ref } = problem;
  const classes = new Set([...a.profile.serviceClasses].filter((c) => b.profile.serviceClasses.has(c)));
  const codes = [...a.profile.services].filter((code) => classes.has(classOf(code, ref)));
  const sectors = [...new Set<Sector>(codes.map((c) => ref.cpv.sectorOf(c)))].map((s) => ref.cpv.sectorLabel(s));
  const lads = [...a.profile.footprint].filter((lad) => b.profile.footprint.has(lad));
  const inTender = lads.filter((lad) => problem.req.tenderLads.includes(lad));
  return `both deliver ${listOf(sectors, 2) || 'the same services'} in ${places(inTender.length > 0 ? inTender : lads, ref)}, so they are rivals in the next bid`;
}

function weakestLink(problem: Problem, team: TeamMembers): TeamFacts['weakestLink'] {
  if (team.length < 2) return undefined;
  let worst: [number, number] = [team[0], team[1]];
  let worstScore = Infinity;
  const sums = new Map<number, number>(team.map((i) => [i, 0]));
  let total = 0;
  let count = 0;
  for (let x = 0; x < team.length; x++)
    for (let y = x + 1; y < team.length; y++) {
      const s = problem.pairScore(team[x], team[y]);
      sums.set(team[x], sums.get(team[x])! + s);
      sums.set(team[y], sums.get(team[y])! + s);
      total += s;
      count++;
      if (s < worstScore) {
        worstScore = s;
        worst = [team[x], team[y]];
      }
    }
  const issues = pairProblems(problem, worst[0], worst[1]);
  let why = `${PAIR_LABEL(problem, worst[0], worst[1])} are the weakest pair (${worstScore.toFixed(2)} of 1): ${
    issues.length > 0 ? `they ${clauses(issues)}` : 'nothing stands out as a problem, they are simply the least well-matched pair'
  }.`;
  if (team.length >= 3) {
    const mean = (i: number) => sums.get(i)! / (team.length - 1);
    const drag = [...team].sort((p, q) => mean(p) - mean(q))[0];
    why += ` ${problem.members[drag].org.name} drags the score down most: its pairs average ${mean(drag).toFixed(2)} against the team’s ${(total / count).toFixed(2)}.`;
  }
  return { members: worst.map((i) => problem.members[i].org.id), score: round(worstScore), why };
}

function reasons(
  problem: Problem,
  team: TeamMembers,
  combined: number,
  shares: ReadonlyMap<number, number>,
): { reasonsFor: string[]; reasonsAgainst: string[] } {
  const { req, tender } = problem;
  const ms = team.map((i) => problem.members[i]);
  const names = (list: readonly Member[], max = 3) =>
    listOf(
      list.map((m) => m.org.name),
      max,
    );
  const pros: string[] = [];
  const cons: string[] = [];

  // Coverage.
  const what = [`all ${plural(req.services.length, 'required service')}`];
  if (req.lots.length > 0)
    what[0] += ` of ${req.partial ? `the ${plural(req.lots.length, 'lot')} bid for` : `all ${plural(req.lots.length, 'lot')}`}`;
  if (req.areas.length > 0)
    what[0] += ` in ${
      req.areaCoverage === 'utla'
        ? `every one of the ${plural(req.areas.length, 'upper-tier authority', 'upper-tier authorities')}`
        : `every one of the ${plural(req.areas.length, 'local authority', 'local authorities')}`
    } of the tender area`;
  pros.push(
    ms.length === 1 ? `${ms[0].org.name} covers ${listOf(what)} alone` : `Between ${ms.length} organisations it covers ${listOf(what)}`,
  );

  // Carrying the work: each member's yearly part against what its turnover can carry.
  if (req.yearlyValueGbp !== undefined) {
    const limit = problem.maxShareOfTurnover;
    const over = ms.filter((m) => m.org.annualTurnoverGbp !== undefined && shares.get(m.index)! > limit * m.turnover);
    for (const m of over.slice(0, 2))
      cons.push(
        `${m.org.name} would deliver about ${gbp(shares.get(m.index)!)} a year, more than ${Math.round(limit * 100)}% of its ${gbp(m.turnover)} turnover${turnoverNote([m])}: too much for its size`,
      );
    if (over.length === 0 && ms.length > 1 && ms.every((m) => m.org.annualTurnoverGbp !== undefined))
      pros.push(`Every member's part of the work is within ${Math.round(limit * 100)}% of its turnover, so each can carry it`);
  }

  // Claims: areas covered only through a wide claim.
  for (const m of ms) {
    const claimed = req.areas.filter(
      (a, k) => m.areaPresence[k] >= CONSORTIUM_DEFAULTS.minPresence && presenceBasis(problem, m, a.lads) === 'wide',
    );
    const only = claimed.filter((a) => ms.every((o) => o === m || o.areaPresence[req.areas.indexOf(a)] < CONSORTIUM_DEFAULTS.minPresence));
    if (only.length > 0)
      cons.push(
        `${m.org.name} covers ${places(
          only.flatMap((a) => a.lads),
          problem.ref,
        )} only through its claim to work across a wider area, plausible for its size but not evidence of local delivery`,
      );
  }

  // Turnover.
  const threshold = req.thresholdGbp;
  if (threshold !== undefined && threshold > 0) {
    const margin = combined - threshold;
    if (margin < CONSORTIUM_DEFAULTS.thinMargin * threshold)
      cons.push(`Combined turnover of ${gbp(combined)} clears the ${gbp(threshold)} threshold by only ${gbp(margin)}${turnoverNote(ms)}`);
    else pros.push(`Combined turnover of ${gbp(combined)} clears the ${gbp(threshold)} threshold by ${gbp(margin)}${turnoverNote(ms)}`);
  }
  const unknown = ms.filter((m) => m.org.annualTurnoverGbp === undefined);
  if (unknown.length > 0) cons.push(`${names(unknown)}’s turnover is unknown and counted as nothing towards the threshold`);

  // Pairs: history, rivalry.
  const pairs: [number, number][] = [];
  for (let x = 0; x < team.length; x++) for (let y = x + 1; y < team.length; y++) pairs.push([team[x], team[y]]);
  const known = pairs.filter(([i, j]) => everWorkedTogether(problem.members[i].profile, problem.members[j].profile));
  const good = known.filter(([i, j]) => problem.pair(i, j).trust >= 0.5);
  const bad = known.filter(([i, j]) => problem.pair(i, j).trust < 0.35);
  const strangers = pairs.filter(
    ([i, j]) => problem.pair(i, j).trust === 0 && !everWorkedTogether(problem.members[i].profile, problem.members[j].profile),
  );
  if (pairs.length > 0 && good.length === pairs.length)
    pros.push(
      pairs.length === 1
        ? `${PAIR_LABEL(problem, ...pairs[0])} have worked together well before`
        : 'Every pair of members has worked together well before',
    );
  else if (good.length === 1) pros.push(`${PAIR_LABEL(problem, ...good[0])} have worked together well before`);
  else if (good.length > 1)
    pros.push(`${good.length} pairs of members have worked together well before (e.g. ${PAIR_LABEL(problem, ...good[0])})`);
  for (const [i, j] of bad.slice(0, 2)) cons.push(`${PAIR_LABEL(problem, i, j)} have worked together before and it went badly`);
  if (strangers.length > 0) {
    const lead = problem.contextOf(0);
    const hurry =
      lead.daysToDeadline !== undefined && lead.urgency >= 0.5
        ? `, with only ${plural(Math.max(0, lead.daysToDeadline), 'day')} to the deadline to build trust`
        : '';
    const who =
      strangers.length === 1
        ? PAIR_LABEL(problem, ...strangers[0])
        : `${plural(strangers.length, 'pair')} of members (e.g. ${PAIR_LABEL(problem, ...strangers[0])})`;
    cons.push(`${who} have never worked together and share no partners${hurry}`);
  }
  const rivals = pairs.filter(([i, j]) => problem.pair(i, j).competition <= 1 - CONSORTIUM_DEFAULTS.competitorRisk);
  if (pairs.length > 0 && rivals.length === 0) pros.push('No two members compete for the same services in the same places');
  for (const [i, j] of rivals.slice(0, 2))
    cons.push(`${PAIR_LABEL(problem, i, j)} ${rivalry(problem, problem.members[i], problem.members[j])}`);

  // Values held by everyone.
  if (ms.length > 1) {
    const common = ms.slice(1).reduce<OrgValue[]>((acc, m) => acc.filter((v) => m.org.values.includes(v)), [...ms[0].org.values]);
    if (common.length > 0) pros.push(`All members share a commitment to ${listOf(common.map((v) => VALUE_LABELS[v]))}`);
  }

  // Place.
  if (req.tenderLads.length > 0) {
    const rooted = ms.filter((m) => req.tenderLads.some((lad) => m.profile.presentLads.has(lad)));
    if (rooted.length > 0)
      pros.push(
        `${rooted.length === ms.length ? 'Every member is' : `${rooted.length} of ${ms.length} members ${rooted.length === 1 ? 'is' : 'are'}`} rooted in the tender area: based there or working there at local-authority level`,
      );
  }

  // VCSE.
  if (tender.vcseSuitable) {
    const vcse = ms.filter((m) => isVcse(m.org));
    if (vcse.length > 0)
      pros.push(
        `${vcse.length} of ${ms.length} members ${vcse.length === 1 ? 'is a VCSE' : 'are VCSEs'} (${names(vcse)}), which suits this VCSE-suitable tender`,
      );
  }

  // Ways of working and capacity.
  const slow = ms.filter((m) => m.org.waysOfWorking.decisionSpeed === 'months');
  if (slow.length > 0 && ms.length > 1) cons.push(`${names(slow)} take${slow.length === 1 ? 's' : ''} months to agree a bid decision`);
  const full = ms.filter((m) => m.org.spareCapacity === 'none');
  if (full.length > 0) cons.push(`${names(full)} ${full.length === 1 ? 'has' : 'have'} no spare capacity for new work`);
  const sized = ms.filter((m) => m.turnover > 0).sort((a, b) => b.turnover - a.turnover);
  if (sized.length >= 2) {
    const ratio = sized[0].turnover / sized[sized.length - 1].turnover;
    if (ratio > 10)
      cons.push(
        `${sized[0].org.name} is ${Math.round(ratio)}× the size of ${sized[sized.length - 1].org.name} by turnover: expect an unequal say`,
      );
  }
  return { reasonsFor: pros, reasonsAgainst: cons };
}

/**
 * Exactly what stops every team, in the order a bid manager would fix it: services nobody open to
 * partnering covers, places nobody works in, turnover no team reaches; failing those, the closest team found
 * (greedy: most requirements first, then largest turnovers) and what it still lacks.
 */
export function explainMissing(problem: Problem): string[] {
  const { members, requirements, req, tender, maxPartners } = problem;
  const lead = members[0];
  const out: string[] = [];
  let anyCover = lead.covers;
  for (const m of members) anyCover = orBits(anyCover, m.covers);

  const inArea =
    tender.deliveryAreas.length > 0
      ? ` in ${listOf(
          tender.deliveryAreas.map((a) => areaName(problem, a)),
          3,
        )}`
      : '';
  // Cells nobody covers, per service: the service nowhere, or in some places only.
  req.services.forEach((s, k) => {
    const cells = requirements.map((c, r) => ({ c, r })).filter(({ c }) => c.service === k);
    const missing = cells.filter(({ r }) => !hasBit(anyCover, r));
    if (missing.length === 0) return;
    const service = problem.ref.cpv.describe(s.code);
    if (missing.length === cells.length) out.push(`no organisation open to partnering covers ${service}${inArea}`);
    else
      out.push(
        `no organisation open to partnering delivers ${service} in ${listOfOr(
          missing.map(({ c }) => areaName(problem, req.areas[c.area].code)),
          6,
        )}`,
      );
  });

  const threshold = req.thresholdGbp;
  const partners = members.slice(1).sort((a, b) => b.turnover - a.turnover);
  const best = partners.slice(0, maxPartners);
  const most = lead.turnover + best.reduce((s, m) => s + m.turnover, 0);
  if (threshold !== undefined && most < threshold) {
    const with_ =
      best.length === 0
        ? `${lead.org.name} alone, with no partner in reach`
        : `${lead.org.name} and its ${best.length === 1 ? 'largest possible partner' : `${best.length} largest possible partners`}`;
    out.push(`combined turnover of the best team is ${gbp(most)} (${with_}), short of the ${gbp(threshold)} threshold`);
  }
  if (out.length > 0) return out;

  // Every requirement is coverable and the turnover reachable, but not by one team of the allowed size.
  const team = greedyTeam(problem);
  const turnover = teamTurnover(problem, team);
  const names = listOf(
    team.slice(1).map((i) => members[i].org.name),
    maxPartners,
  );
  const lacks: string[] = [];
  const uncovered = uncoveredCells(problem, team);
  if (uncovered.length > 0)
    lacks.push(
      `still misses ${listOf(
        uncovered.map((u) => {
          const all = u.areas.length === req.areas.length;
          return all
            ? problem.ref.cpv.describe(u.code)
            : `${problem.ref.cpv.describe(u.code)} in ${listOf(
                u.areas.map((a) => a.name),
                3,
              )}`;
        }),
        4,
      )}`,
    );
  if (threshold !== undefined && turnover < threshold) lacks.push(`reaches ${gbp(turnover)} of the ${gbp(threshold)} turnover threshold`);
  out.push(
    `no team of ${lead.org.name} and up to ${plural(maxPartners, 'partner')} meets every requirement at once: the closest found${
      names ? `, with ${names},` : ''
    } ${listOf(lacks)}`,
  );
  return out;
}

/** Clauses that may themselves contain "and": "x", "x, and y", "x, y, and z". */
function clauses(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')}, and ${items[items.length - 1]}`;
}

/** "a, b or c"; "a, b, c and 2 more" past `max` */
/**
 * A team built greedily: the candidate adding most uncovered requirements first (ties to the larger
 * turnover), then the largest turnovers while short of the threshold; never two members that have ruled each
 * other out. The closest team for the "missing" sentence, and a fallback should a solver find nothing.
 */
export function greedyTeam(problem: Problem): number[] {
  const { members, maxPartners } = problem;
  const threshold = problem.req.thresholdGbp;
  const team = [0];
  let cover = members[0].covers;
  let turnover = members[0].turnover;
  const free = (c: number) => !team.includes(c) && team.every((t) => !problem.conflict(t, c));
  while (team.length <= maxPartners) {
    let pick = -1;
    let gain = 0;
    for (let c = 1; c < members.length; c++) {
      if (!free(c)) continue;
      const g = countNew(cover, members[c].covers);
      if (g > gain || (g > 0 && g === gain && members[c].turnover > members[pick].turnover)) [pick, gain] = [c, g];
    }
    if (pick < 0 && threshold !== undefined && turnover < threshold)
      for (let c = 1; c < members.length; c++) if (free(c) && (pick < 0 || members[c].turnover > members[pick].turnover)) pick = c;
    if (pick < 0) break;
    team.push(pick);
    cover = orBits(cover, members[pick].covers);
    turnover += members[pick].turnover;
  }
  return team.sort((a, b) => a - b);
}

function listOfOr(items: readonly string[], max: number): string {
  if (items.length < 2 || items.length > max) return listOf(items, max);
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** " (demo data)" when any of these members' turnover is synthetic: a sentence that adds it up says so. */
function turnoverNote(members: readonly { org: Organisation }[]): string {
  return demoNote(members.map((m) => sourceOf(m.org.provenance, 'annualTurnoverGbp')));
}
