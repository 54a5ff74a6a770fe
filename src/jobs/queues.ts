/**
 * Queue names and policies. Each flow has one queue; the connection id is the job's singleton key, and
 * the queue's `stately` policy keeps at most one waiting and one running job per key across every
 * process sharing the database: one run per connection × flow at a time.
 */
import type PgBoss from 'pg-boss';
import type { ConnectorConfig } from '../config/schema.ts';

export const queueName = (flowId: string) => `flow.${flowId}`;
export const deadLetterName = (flowId: string) => `flow.${flowId}.dead`;

export interface RunJobData {
  connectionId: string;
  trigger: 'schedule' | 'manual' | 'enable' | 'start';
}

export async function ensureQueues(boss: PgBoss, flowId: string, config: ConnectorConfig): Promise<void> {
  const dead = deadLetterName(flowId);
  if (!(await boss.getQueue(dead))) await boss.createQueue(dead, { name: dead, policy: 'standard' });
  const name = queueName(flowId);
  const options = {
    name,
    policy: 'stately' as const,
    retryLimit: config.jobs.retryLimit,
    retryDelay: config.jobs.retryDelaySeconds,
    retryBackoff: true,
    // A run stops taking new work at runTimeoutSeconds; a job still active well after that belongs to a
    // dead or hung process and is failed by pg-boss (then retried).
    expireInSeconds: config.jobs.runTimeoutSeconds * 2,
    deadLetter: dead,
  };
  if (await boss.getQueue(name)) await boss.updateQueue(name, options);
  else await boss.createQueue(name, options);
}
