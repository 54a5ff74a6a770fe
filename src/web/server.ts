/**
 * Puts the web API on a port for `connector start`: builds the operations over the running runtime,
 * listens on the configured host and port (port 0 picks a free one, reported in `url`), and closes
 * cleanly — open live-feed streams are ended first, so closing never waits on a browser tab.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Registry } from 'prom-client';
import { ConnectorError } from '../errors.ts';
import { Operations } from '../ops/operations.ts';
import type { ConnectorConfig } from '../config/schema.ts';
import type { FlowRegistry } from '../engine/registry.ts';
import type { RunnerDeps } from '../engine/runner.ts';
import type { ServiceManager } from '../jobs/serviceManager.ts';
import type { Db } from '../store/db.ts';
import type { ApiToken } from './apiToken.ts';
import { createWebApp } from './app.ts';

/** What the web API needs of the running connector (runtime.ts's Runtime has all of it). */
export interface WebRuntime {
  loaded: { config: Pick<ConnectorConfig, 'server'> };
  store: { db: Db };
  registry: FlowRegistry;
  services: ServiceManager;
  runnerDeps: RunnerDeps;
  /** This process's metrics, served at /metrics. */
  metrics?: Registry;
}

export interface WebServer {
  /** Where the API answers, e.g. http://127.0.0.1:8080 (the real port when 0 was asked). */
  url: string;
  close(): Promise<void>;
}

/** After this, connections still open at close (a request that hangs) are cut. */
const CLOSE_GRACE_MS = 5000;

function urlOf(address: AddressInfo): string {
  // A wildcard address is not somewhere a client can connect to: name the loopback instead.
  const host =
    address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/** Serves `app`; `onClose` runs first on close (it ends the streams). */
export function serveWebApp(
  app: Hono,
  options: { host: string; port: number; onClose?: () => void; what?: string; portOption?: string },
): Promise<WebServer> {
  const what = options.what ?? 'the web API';
  return new Promise((resolve, reject) => {
    const server = serve({
      fetch: app.fetch,
      hostname: options.host,
      port: options.port,
      // Keep the process's global Request/Response as they are: emulators may share this process.
      overrideGlobalObjects: false,
    }) as Server;
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `${options.host}:${options.port}`;
      reject(
        error.code === 'EADDRINUSE'
          ? new ConnectorError(
              'config',
              `cannot serve ${what} on ${where}: the port is in use (${options.portOption ?? '--port'})`,
            )
          : new ConnectorError('config', `cannot serve ${what} on ${where}: ${error.message}`, {
              cause: error,
            }),
      );
    });
    server.once('listening', () => {
      let closing: Promise<void> | undefined;
      resolve({
        url: urlOf(server.address() as AddressInfo),
        close() {
          closing ??= new Promise<void>((done) => {
            options.onClose?.();
            // Ended streams leave keep-alive connections idle a moment later: sweep until all are gone.
            const sweep = setInterval(() => server.closeIdleConnections(), 50);
            const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
            server.close(() => {
              clearInterval(sweep);
              clearTimeout(cut);
              done();
            });
            server.closeIdleConnections();
          });
          return closing;
        },
      });
    });
  });
}

export async function startWebServer(
  runtime: WebRuntime,
  options: { apiTokens: ApiToken[]; host?: string; port?: number },
): Promise<WebServer> {
  const { server } = runtime.loaded.config;
  const streams = new AbortController();
  const app = createWebApp({
    ops: new Operations(runtime.runnerDeps, runtime.registry, runtime.services),
    db: runtime.store.db,
    apiTokens: options.apiTokens,
    server,
    signal: streams.signal,
    log: runtime.runnerDeps.log,
    metrics: runtime.metrics,
  });
  return serveWebApp(app, {
    host: options.host ?? server.host,
    port: options.port ?? server.port,
    onClose: () => streams.abort(),
  });
}
