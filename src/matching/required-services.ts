/**
 * Which services a tender asks for. Most notices name specific CPV codes; many name only a division or group
 * (85000000 "Health and social work services", 85300000 "Social work and related services"), which means
 * "something within". For those, the notice's own words — its title and description, and each lot's title — say
 * what is wanted: phrases a UK commissioner uses ("day opportunities", "short breaks", "learning disabilities",
 * "home care") are looked up in SERVICE_PHRASES and the codes they name inside the broad code replace it. When
 * the words name nothing inside it, the broad code stays and any service within it counts (coverage in
 * profile.ts), and the response says so.
 *
 * The phrase table is ours (curated from the CPV 2008 labels and the social-care vocabulary of English
 * notices); matching is one pass of each phrase over the text, linear in its length, and the text is bounded by
 * the tender schema.
 */
import type { Reference } from '../reference/types.ts';
import type { Tender } from '../tenders/schema.ts';

/** A phrase (matched case-insensitively at word starts) and the CPV codes it names. */
const SERVICE_PHRASES: readonly [RegExp, readonly string[]][] = [
  [
    /\b(learning disabilit|learning difficult|disabled (adults|people|children)|physical disabilit|sensory impair|autis|special needs)/,
    ['85311200'],
  ],
  [/\b(day opportunit|day care|daycare|day centre|day service)/, ['85312100']],
  [/\b(short breaks?|respite|residential care|care homes?|supported living|supported accommodation|extra care)\b/, ['85311000']],
  [/\b(home care|homecare|domiciliary|care at home|reablement|floating support|outreach|community support)/, ['85312400']],
  [/\b(older (people|person|adults)|elderly|dementia)/, ['85311100']],
  [/\b(children|young people|youth|famil(y|ies) support|early help|looked after)/, ['85311300']],
  [/\b(youth (work|club|service))/, ['98133110']],
  [/\b(early years|nursery|childcare|child care)/, ['85312110', '80110000']],
  [/\b(counselling|therapeutic|talking therap)/, ['85312320']],
  [/\b(advice|guidance|advocacy|idva|information and advice)/, ['85312310']],
  [/\b(mental health|psycholog|wellbeing)/, ['85121270', '85323000']],
  [/\b(community health|district nurs|community nurs|health visit)/, ['85323000', '85141200']],
  [/\b(physiotherap)/, ['85142100']],
  [/\b(hospice|palliative|end of life)/, ['85144000']],
  [/\b(refuge|domestic abuse|domestic violence)/, ['85311000', '85312300']],
  [/\b(homeless|housing support|housing-related support|tenancy sustainment)/, ['98341000', '75123000']],
  [/\b(employment support|into work|employability|vocational rehabilitation)/, ['85312510']],
  [/\b(rehabilitation)/, ['85312500']],
  [/\b(meals on wheels|home delivery of (meals|food))/, ['85312200']],
  [/\b(training|skills)/, ['80530000']],
  [/\b(librar)/, ['92511000']],
  [/\b(leisure|sport)/, ['92610000']],
];

/** CPV levels 1 (division) and 2 (group) name a whole field: "something within". */
export function isBroad(code: string, ref: Reference): boolean {
  return (ref.cpv.get(code)?.level ?? 5) <= 2;
}

export interface Refinement {
  /** the division- or group-level code the notice gave */
  broad: string;
  /** the codes within it its words name; empty when they name none (then the broad code stays) */
  found: string[];
}

/** Codes within `broad` that `text` names. */
export function codesNamedIn(text: string, broad: string, ref: Reference): string[] {
  const lower = text.toLowerCase();
  const out = new Set<string>();
  for (const [phrase, codes] of SERVICE_PHRASES)
    if (phrase.test(lower)) for (const code of codes) if (ref.cpv.has(code) && ref.cpv.isWithin(code, broad)) out.add(code);
  return [...out].sort();
}

/**
 * The codes `codes` stand for, read with `text`: each broad code replaced by the codes within it the text names
 * (kept when it names none); specific codes as they are; order kept, duplicates dropped.
 */
export function refineCodes(codes: readonly string[], text: string, ref: Reference): { codes: string[]; refinements: Refinement[] } {
  const out = new Set<string>();
  const refinements: Refinement[] = [];
  for (const code of codes) {
    if (!isBroad(code, ref)) {
      out.add(code);
      continue;
    }
    const found = codesNamedIn(text, code, ref);
    refinements.push({ broad: code, found });
    if (found.length === 0) out.add(code);
    for (const f of found) out.add(f);
  }
  return { codes: [...out], refinements };
}

/** The tender's own words: title and description. */
export function tenderText(tender: Pick<Tender, 'title' | 'description'>): string {
  return `${tender.title}\n${tender.description ?? ''}`;
}

/**
 * Every service the tender requires — its own codes and its lots' — with broad codes read through the notice's
 * words (a lot's through its title and the tender's words). Deduplicated, tender codes first.
 */
export function requiredServicesOf(
  tender: Pick<Tender, 'title' | 'description' | 'cpvCodes' | 'lots'>,
  ref: Reference,
): { codes: string[]; refinements: Refinement[] } {
  const text = tenderText(tender);
  const own = refineCodes(tender.cpvCodes, text, ref);
  const codes = new Set(own.codes);
  const refinements = [...own.refinements];
  for (const lot of tender.lots) {
    const r = refineCodes(lot.cpvCodes, `${lot.title ?? ''}\n${text}`, ref);
    for (const code of r.codes) codes.add(code);
    for (const f of r.refinements) if (!refinements.some((x) => x.broad === f.broad)) refinements.push(f);
  }
  return { codes: [...codes], refinements };
}
