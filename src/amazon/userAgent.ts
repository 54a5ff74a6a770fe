/**
 * The `user-agent` Amazon asks every SP-API caller to send, in its format
 * `AppName/Version (Language=…; Platform=…)` (reference §1.2, at most 500 characters). Amazon uses it
 * to tell applications apart in support cases, so it names this connector and its version.
 */
import { readFileSync } from 'node:fs';

const MAX_LENGTH = 500;

interface PackageJson {
  name?: string;
  version?: string;
  devDependencies?: Record<string, string>;
}

function readPackage(): PackageJson {
  try {
    return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as PackageJson;
  } catch {
    return {}; // a bundled deployment without package.json still gets a valid header
  }
}

export function defaultUserAgent(): string {
  const pkg = readPackage();
  // The code is written in and checked by this TypeScript version; at run time it is JavaScript on Node.
  const ts = /(\d+\.\d+)/.exec(pkg.devDependencies?.typescript ?? '')?.[1] ?? '5';
  const platform = `Node.js/${process.versions.node} ${process.platform}/${process.arch}`;
  return formatUserAgent(
    pkg.name ?? 'amazon-d365-connector',
    pkg.version ?? '0.0.0',
    `Language=TypeScript/${ts}; Platform=${platform}`,
  );
}

export function formatUserAgent(app: string, version: string, details: string): string {
  return `${app}/${version} (${details})`.slice(0, MAX_LENGTH);
}
