// Puts an emulator's Hono app on a loopback port (standalone `connector emulate …`, demo mode, tests).
// Emulators only ever listen on 127.0.0.1: they hold demo credentials and are not meant to be reachable.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export interface ServedEmulator {
  /** e.g. http://127.0.0.1:41234 (the real port when 0 was asked). */
  url: string;
  port: number;
  close(): Promise<void>;
}

export function serveEmulator(app: Hono, port = 0): Promise<ServedEmulator> {
  return new Promise((resolve, reject) => {
    const server = serve({
      fetch: app.fetch,
      hostname: '127.0.0.1',
      port,
      // The connector may share this process: leave its global Request/Response alone.
      overrideGlobalObjects: false,
    }) as Server;
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `port ${port} on 127.0.0.1 is in use: choose another with --port`
            : `cannot listen on 127.0.0.1:${port}: ${error.message}`,
        ),
      ),
    );
    server.once('listening', () => {
      const address = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${address.port}`,
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
