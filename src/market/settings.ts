/**
 * Market view settings, in one place (docs/market-engagement.md explains each). Presence and service rules are
 * matching's (MATCH_DEFAULTS, src/matching/places.ts, src/matching/profile.ts), not repeated here.
 */
export const MARKET_DEFAULTS = Object.freeze({
  /** organisations read from the store at most per market view (the response says when the cut bites) */
  maxOrganisations: 20_000,
  /** alternative consortia proposed, each led by a different organisation */
  consortia: 4,
  /** alternatives asked of each lead's search, so one overlapping a consortium already kept can be passed over */
  alternativesPerLead: 3,
  /** leads tried at most to find them (each is one pure consortium search) */
  leadsTried: 8,
  /** two consortia sharing more than this share of their members (Jaccard) count as the same one */
  maxOverlap: 0.6,
  /** consortium search pool: the best providers of each cell, at most this many per cell, at most `poolSize` in all */
  poolPerCell: 6,
  poolSize: 60,
  /** partners besides the lead in a proposed consortium */
  maxPartners: 4,
  /** consortium search knobs for the market view (lighter than a bid manager's own search: src/consortia/settings.ts) */
  tuning: Object.freeze({ beamWidth: 8, branching: 8, localSearchTeams: 2, maxPool: 60, poolPerGap: 12, exactMaxCandidates: 14 }),
  /** providers named per cell in the response (counts are always complete) */
  idsPerCell: 50,
  /** largest providers whose shares are given */
  topShares: 5,
  /** HHI bounds used in the words (0–10,000): above `concentrated`, concentrated; above `high`, highly concentrated */
  hhi: Object.freeze({ concentrated: 1_000, high: 2_000 }),
  /** a small consortium, for lotting advice: at most this many organisations */
  smallConsortium: 3,
  /** lotting by size: the lot value at which at least this many local VCSEs or mutuals meet the turnover test alone */
  sizeLotBidders: 3,
  /** page size of GET /v1/organisations: default and most */
  searchLimit: 20,
  searchMaxLimit: 100,
});
