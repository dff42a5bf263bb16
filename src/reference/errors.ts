/**
 * A reference data file is missing, malformed or inconsistent. Raised at start-up while building the
 * reference; never retriable: the data shipped with the code must be fixed.
 */
export class ReferenceDataError extends Error {
  constructor(module: string, message: string, options?: { cause?: unknown }) {
    super(`reference/${module}: ${message}`, options);
    this.name = 'ReferenceDataError';
  }
}
