import { ingestEngineContract } from '../ingest-engine.contract';
import { WeriftEngine } from './werift-engine';

ingestEngineContract('werift', () => WeriftEngine.create({ loopbackOnly: true }));
