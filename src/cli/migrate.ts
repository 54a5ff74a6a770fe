// `connector migrate`: apply the database migrations that are missing and say which (or "up to date").
import type { Command } from 'commander';
import { isLockHeld, readLock } from '../store/dataDirLock.ts';
import { dbSchemas, loadCliConfig, type CliContext } from './context.ts';
import { answersHealth } from './target.ts';

export function registerMigrate(program: Command, ctx: CliContext): void {
  program
    .command('migrate')
    .description('apply missing database migrations (`start` and `worker` also apply them)')
    .action(async (_options: object, command: Command) => {
      const loaded = await loadCliConfig(command, ctx);
      const { config } = loaded;
      if (!config.database) {
        // A running connector applied every migration it knows when it started.
        const owner = readLock(config.dataDir);
        if (isLockHeld(owner) && owner.apiUrl && (await answersHealth(owner.apiUrl, '/readyz'))) {
          ctx.out(
            `Up to date: the connector at ${owner.apiUrl} (pid ${owner.pid}) applied the migrations at start.`,
          );
          return;
        }
      }
      const { schema } = dbSchemas(loaded, ctx.env);
      // Loaded here, not at the top: a migrate beside a running connector opens nothing (context.ts).
      const { openStore } = await import('../store/openStore.ts');
      const { migrate } = await import('../store/migrate.ts');
      const store = await openStore({ config, demo: loaded.demo, env: ctx.env, schema, migrate: false });
      try {
        const applied = await migrate(store.db);
        if (applied.length === 0) ctx.out('Up to date: no migration to apply.');
        for (const m of applied) ctx.out(`Applied ${String(m.version).padStart(3, '0')}_${m.name}`);
      } finally {
        await store.close();
      }
    });
}
