import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { describeAlertsRunContract } from './alerts-run-contract.ts';

describeAlertsRunContract('embedded', async () => ({ store: new EmbeddedStore(), cleanup: async () => {} }));
