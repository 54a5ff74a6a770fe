/** The flows every installation has. Real sync flows join this list as their issues land. */
import type { AnyFlow } from '../flow.ts';
import { heartbeatFlow } from './heartbeat.ts';
import { retentionFlow } from './retention.ts';

export const builtinFlows: AnyFlow[] = [heartbeatFlow, retentionFlow];
