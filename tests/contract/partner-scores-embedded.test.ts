import { EmbeddedPartnerScores } from '../../src/refresh/embedded-partner-scores.ts';
import { reopeningPartnerScores, tempDataDirectory } from '../support/reopening.ts';
import { describePartnerScoresContract } from './partner-scores-contract.ts';

describePartnerScoresContract('embedded', async () => ({
  scores: new EmbeddedPartnerScores(),
  addOrganisations: async () => {},
  cleanup: async () => {},
  close: async () => {},
}));

describePartnerScoresContract('embedded, reopened from its data directory before every call', async () => {
  const data = tempDataDirectory();
  return {
    scores: reopeningPartnerScores(data.persistence),
    addOrganisations: async () => {},
    cleanup: async () => {},
    close: async () => data.remove(),
  };
});
