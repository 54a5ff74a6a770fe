// `connector feed`: the latest live-feed entries, oldest first; `--follow` keeps printing new ones.
import type { Command } from 'commander';
import type { FeedLevel } from '../store/repos/feed.ts';
import type { CliContext } from './context.ts';
import { feedLine } from './format.ts';
import { JSON_HELP, parseLevel, parsePositiveInt } from './options.ts';
import { withTarget, type FeedView } from './target.ts';

interface FeedOptions {
  follow?: boolean;
  flow?: string;
  connection?: string;
  level?: FeedLevel;
  text?: string;
  limit: number;
  json?: boolean;
}

export function registerFeed(program: Command, ctx: CliContext): void {
  program
    .command('feed')
    .description('show the live feed (newest last); --follow streams new entries until Ctrl-C')
    .option('-f, --follow', 'keep printing new entries as the connector writes them')
    .option('--flow <id>', 'only this flow')
    .option('--connection <id>', 'only this connection')
    .option('--level <level>', 'minimum level: debug, info, warn or error', parseLevel)
    .option('--text <text>', 'only entries whose message contains this (case-insensitive)')
    .option('-n, --limit <n>', 'how many of the latest entries to show first', parsePositiveInt, 20)
    .option('--json', `${JSON_HELP} (with --follow: one JSON object per line)`)
    .addHelpText('after', '\nExample:\n  connector feed --follow --flow heartbeat --level info')
    .action((options: FeedOptions, command: Command) =>
      withTarget(command, ctx, async (target) => {
        const query = {
          flow: options.flow,
          connection: options.connection,
          level: options.level,
          text: options.text,
          limit: Math.min(options.limit, 1000),
        };
        const print = (entry: FeedView) => ctx.out(options.json ? JSON.stringify(entry) : feedLine(entry));
        const entries = await target.feed(query);
        if (options.json && !options.follow) return ctx.out(JSON.stringify({ entries }, null, 2));
        [...entries].reverse().forEach(print);
        if (options.follow) await target.follow(query, entries[0]?.id, print);
      }),
    );
}
