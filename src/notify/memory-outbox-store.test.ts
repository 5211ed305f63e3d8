import { MemoryOutboxStore } from './memory-outbox-store.js';
import { describeOutboxStoreContract } from './outbox-store-contract.test-helper.js';

describeOutboxStoreContract('MemoryOutboxStore', async () => new MemoryOutboxStore());
