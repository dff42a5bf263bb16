/** OCDS 1.1 import: documents → releases → tenders. See each module for the details and the quirks handled. */
export { parseOcdsDocument, type ParsedOcdsDocument, type RawRelease, type OcdsParseError, type OcdsDocumentShape } from './parse.ts';
export { releaseToTender, type ReleaseToTenderResult, type ReleaseToTenderOptions } from './release-to-tender.ts';
export {
  importOcds,
  type OcdsImportResult,
  type OcdsRejection,
  type OcdsSuperseded,
  type OcdsWarning,
  type OcdsReleaseRef,
} from './import.ts';
export { repairText } from './text.ts';
export { MONEY_DEFAULTS, minimumTurnoverIn } from './money.ts';
export { regionToAreas, freeTextToAreas } from './places.ts';
