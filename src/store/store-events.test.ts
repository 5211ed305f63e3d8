import { describeEventsContract } from './events-contract.test-helper.js';
import { useTempStores } from './store-test-fixtures.test-helper.js';

describeEventsContract('sqlite', useTempStores());
