/** Demo and benchmark data: the public surface of src/demo (load-sources.ts is the only file doing I/O). */
export { buildDemoDataset, DEMO_DEFAULTS, type DemoDataset, type DemoOptions } from './dataset.ts';
export { generateOrganisations, iterateOrganisations, type GenerateOptions } from './generate.ts';
export { measurePartnering, type PartneringStats } from './calibration.ts';
export { demoTenders, DEMO_TENDER_IDS } from './tenders.ts';
export { DEVON_YOUTH_MUTUAL_ID, HWP_LLP_ID, HWP_MEMBER_IDS, DEVON_DISTRICTS, DEVON_COUNTY, GREATER_MANCHESTER } from './cases.ts';
export type { DemoSources, SourceOrganisation, SourceNhsTrust } from './sources.ts';
export { Rng } from './prng.ts';
