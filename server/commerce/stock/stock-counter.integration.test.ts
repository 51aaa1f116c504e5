import { randomBytes } from 'node:crypto';
import { testRedisUrl } from '../../../infra/test-support/test-database';
import { createMemoryStockCounter } from './memory-stock-counter';
import { createRedisStockCounter } from './redis-stock-counter';
import { stockCounterContract } from './stock-counter.contract';

stockCounterContract('in-process', async () => createMemoryStockCounter());
stockCounterContract('redis', async () => createRedisStockCounter(testRedisUrl, `test:${randomBytes(6).toString('hex')}:`));
