/**
 * Every size limit on what a caller can send, in one place (issue #16: no request can stall the service). Schemas,
 * the JSON body reader, the upload readers and the error handler all take their bounds from here, so a limit is
 * changed once and a test (tests/unit/http/schema-bounds.test.ts) checks that every string and list of every request
 * schema is bounded.
 */
export const LIMITS = Object.freeze({
  /** bytes of a JSON request body (uploads have their own limit, UPLOAD_MAX_BYTES); 413 beyond */
  jsonBodyBytes: 1024 * 1024,
  /** nesting of objects and arrays in any JSON read (bodies and uploads); OCDS needs about 8 */
  jsonDepth: 64,

  /** characters of text fields, by kind */
  text: Object.freeze({
    /** ids and codes: org-ids, tender ids, lot ids, register record numbers */
    id: 200,
    /** names: organisations, buyers, registers */
    name: 500,
    /** one line of prose: a title, a red line, a bid plan */
    line: 1000,
    /** a description */
    description: 20_000,
    /** an ISO 8601 date and time */
    dateTime: 40,
  }),

  /** items of lists, by kind */
  list: Object.freeze({
    /** CPV codes of an organisation or a tender */
    services: 500,
    /** GSS areas of an organisation or a tender */
    areas: 2000,
    /** the values an organisation holds (an enum of 9: repeats are pointless) */
    values: 50,
    /** lots of a tender, lots bid for */
    lots: 200,
    /** CPV codes of one lot */
    lotServices: 200,
    /** past partnerships of an organisation */
    partnerships: 1000,
    /** do-not-partner entries, red lines, bid plans */
    privateEntries: 500,
  }),

  /** the earliest and latest `asOf` a request may score at (deadline urgency and years trading go wrong far out) */
  asOf: Object.freeze({ earliest: '2000-01-01T00:00:00Z', latest: '2100-01-01T00:00:00Z' }),

  /**
   * Budgets of the expensive requests: consortium searches run at most `concurrent` at a time with at most `waiting`
   * more waiting up to `maxWaitMs` for a turn (503 with Retry-After beyond), and the exact solver stops after
   * `exactSearchMs` (solver "auto" then falls back to the heuristic; "exact" answers 503).
   */
  budgets: Object.freeze({
    consortia: Object.freeze({ concurrent: 2, waiting: 8, maxWaitMs: 2000, exactSearchMs: 1500, retryAfterSeconds: 2 }),
  }),

  /**
   * HTTP timeouts (ms): the whole header block must arrive within `headersMs` and the whole request within
   * `requestMs` (uploads of UPLOAD_MAX_BYTES included), checked every `checkIntervalMs`; an idle kept-alive connection
   * closes after `keepAliveMs`. Issue #16: 1,000 half-sent requests were held 75 s.
   */
  http: Object.freeze({ headersMs: 10_000, requestMs: 120_000, keepAliveMs: 5000, checkIntervalMs: 1000 }),

  /** error responses: at most this many issues, each path and message cut to these lengths; never the body itself */
  errors: Object.freeze({ issues: 20, path: 200, message: 300 }),
});
