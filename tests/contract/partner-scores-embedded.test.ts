import { EmbeddedPartnerScores } from '../../src/refresh/embedded-partner-scores.ts';
import { describePartnerScoresContract } from './partner-scores-contract.ts';

describePartnerScoresContract('embedded', async () => ({
  scores: new EmbeddedPartnerScores(),
  addOrganisations: async () => {},
  cleanup: async () => {},
  close: async () => {},
}));
