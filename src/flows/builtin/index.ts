/** The flows every installation has. Real sync flows join this list as their issues land. */
import type { AnyFlow } from '../flow.ts';
import { heartbeatFlow } from './heartbeat.ts';
import { retentionFlow } from './retention.ts';
import { importOrdersFlow } from '../importOrders/flow.ts';

export const builtinFlows: AnyFlow[] = [heartbeatFlow, retentionFlow, importOrdersFlow];
