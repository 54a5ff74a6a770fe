// Exit codes: 0 done, 1 failed, 2 wrong usage or configuration.
import { describe, expect, it } from 'vitest';
import { CommanderError } from 'commander';
import { ConnectorError } from '../errors.ts';
import { ConfigError } from '../config/load.ts';
import { DataDirLockedError } from '../store/dataDirLock.ts';
import { exitCodeFor, UsageError, CommandFailed } from './errors.ts';

describe('exit codes', () => {
  it.each([
    [new CommanderError(0, 'commander.helpDisplayed', ''), 0],
    [new CommanderError(1, 'commander.unknownOption', ''), 2],
    [new ConfigError('file', ['a: b']), 2],
    [new UsageError('no'), 2],
    [new ConnectorError('data', 'there is no record 9', { context: { notFound: true } }), 2],
    [new DataDirLockedError('./data', { pid: 1, host: 'h', startedAt: '' }), 1],
    [new CommandFailed('run failed'), 1],
    [new Error('bug'), 1],
  ])('%s → %i', (error, code) => {
    expect(exitCodeFor(error)).toBe(code);
  });
});
