/**
 * Resident memory of an idle `connector start` on PGlite (demo mode, the heartbeat running): spawns
 * `node bin/connector.js start --data-dir <tmp> --port 0`, waits for GET /healthz, lets it settle, then
 * samples VmRSS from /proc once a second. Twice: on a fresh data directory (the first start runs
 * initdb) and restarted on the same directory.
 */
import { spawn } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface MemoryFigures {
  medianMb: number;
  maxMb: number;
  samples: number;
}

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

async function measureOnce(
  dataDir: string,
  settleSeconds: number,
  sampleSeconds: number,
): Promise<MemoryFigures> {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.CONNECTOR_CONFIG;
  const child = spawn(process.execPath, ['bin/connector.js', 'start', '--data-dir', dataDir, '--port', '0'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 120_000;
    let url: string | undefined;
    while (!url) {
      url = /running at (http:\/\/\S+)/.exec(stdout)?.[1];
      if (child.exitCode !== null) throw new Error(`connector start exited ${child.exitCode}:\n${stderr}`);
      if (Date.now() > deadline)
        throw new Error(`connector start did not print its address:\n${stdout}\n${stderr}`);
      await sleep(100);
    }
    const health = await fetch(`${url}/healthz`);
    if (health.status !== 200) throw new Error(`GET /healthz answered ${health.status}`);
    await sleep(settleSeconds * 1000);
    const samples: number[] = [];
    for (let i = 0; i < sampleSeconds; i++) {
      samples.push(rssKb(child.pid!));
      await sleep(1000);
    }
    samples.sort((a, b) => a - b);
    return {
      medianMb: samples[Math.floor(samples.length / 2)]! / 1024,
      maxMb: samples[samples.length - 1]! / 1024,
      samples: samples.length,
    };
  } finally {
    child.kill('SIGTERM');
    const code = await Promise.race([exited, sleep(30_000).then(() => 'timeout' as const)]);
    if (code === 'timeout') child.kill('SIGKILL');
  }
}

export async function idleMemory(
  settleSeconds: number,
  sampleSeconds: number,
): Promise<{ fresh: MemoryFigures; restarted: MemoryFigures }> {
  const dir = mkdtempSync(join(tmpdir(), 'connector-bench-idle-'));
  try {
    const fresh = await measureOnce(dir, settleSeconds, sampleSeconds);
    const restarted = await measureOnce(dir, settleSeconds, sampleSeconds);
    return { fresh, restarted };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
