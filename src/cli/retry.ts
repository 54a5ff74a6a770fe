// `connector retry`: put one record (by id) or every record matching a filter back to pending, and run its flow.
import type { Command } from 'commander';
import type { RecordState } from '../store/repos/records.ts';
import type { CliContext } from './context.ts';
import { CommandFailed, UsageError } from './errors.ts';
import { formatRun, runsFailed } from './format.ts';
import { JSON_HELP, parseRecordId, parseRetryableState } from './options.ts';
import { withTarget, type RetryFilter } from './target.ts';

interface RetryOptions {
  reason?: string;
  flow?: string;
  state?: RecordState;
  connection?: string;
  json?: boolean;
}

export function registerRetry(program: Command, ctx: CliContext): void {
  program
    .command('retry')
    .description('retry one record, or (with filters) every failed and needs-attention record that matches')
    .argument('[record-id]', 'the record to retry', parseRecordId)
    .option('--reason <text>', 'bulk: records whose reason or last error contains this text')
    .option('--flow <id>', 'bulk: records of this flow')
    .option(
      '--state <state>',
      'bulk: records in this state (default: needs_attention and failed)',
      parseRetryableState,
    )
    .option('--connection <id>', 'bulk: records of this connection')
    .option('--json', JSON_HELP)
    .addHelpText(
      'after',
      '\nExamples:\n  connector retry 42\n  connector retry --reason "unknown SKU" --flow import-orders',
    )
    .action((id: number | undefined, options: RetryOptions, command: Command) => {
      const filter: RetryFilter = {
        reason: options.reason,
        flow: options.flow,
        state: options.state,
        connection: options.connection,
      };
      const bulk = Object.values(filter).some((v) => v !== undefined);
      if (id !== undefined && bulk)
        throw new UsageError('give either a record id or filters (--reason, --flow, …), not both');
      if (id === undefined && !bulk) {
        throw new UsageError(
          'give a record id, or filters such as --reason <text> to retry many records at once',
        );
      }
      return withTarget(command, ctx, async (target) => {
        if (!options.json) target.onRun = (key, run) => ctx.out(formatRun(key, run));
        const result = id !== undefined ? await target.retry(id) : await target.retryMany(filter);
        if (options.json) ctx.out(JSON.stringify({ mode: target.mode, ...result }, null, 2));
        else if ('record' in result) {
          const r = result.record;
          ctx.out(`Record ${r.id} (${r.flow}, ${r.connectionId}, ${r.externalId}) is pending again.`);
        } else ctx.out(`${result.retried} record(s) are pending again.`);
        if (!options.json && target.mode === 'api') ctx.out('The running connector runs their flow now.');
        if (runsFailed(result.runs)) throw new CommandFailed('the retry run did not succeed (see above)');
      });
    });
}
