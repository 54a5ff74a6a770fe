// Amazon's published JSON Schemas of the listings feed (../models/listings-feed-*.json, draft-07), compiled
// once with Ajv: the header part of the document schema, the single-message schema, and the processing
// report schema (which the emulator's own reports are tested against).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';

const MODELS = fileURLToPath(new URL('../models/', import.meta.url));
const load = (file: string) => JSON.parse(readFileSync(MODELS + file, 'utf8')) as Record<string, unknown>;

export const MAX_MESSAGES = 25_000;

interface Compiled {
  header: ValidateFunction;
  message: ValidateFunction;
  report: ValidateFunction;
}

let compiled: Compiled | undefined;

function schemas(): Compiled {
  if (compiled) return compiled;
  const ajv = new Ajv({ strict: false, allErrors: true });
  const feed = load('listings-feed-schema-v2.json') as { properties: { header: object } };
  const header = { $schema: 'http://json-schema.org/draft-07/schema#', ...feed.properties.header };
  compiled = {
    header: ajv.compile(header),
    message: ajv.compile(load('listings-feed-message-schema-v2.json')),
    report: ajv.compile(load('listings-feed-processing-report-schema-v2.json')),
  };
  return compiled;
}

/** One line per problem: `/path: message`; empty when valid. */
function problems(validate: ValidateFunction, value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map(describe);
}

function describe(e: ErrorObject): string {
  const where = e.instancePath || '(root)';
  const extra =
    e.keyword === 'const' || e.keyword === 'enum'
      ? ` (${JSON.stringify(e.params.allowedValue ?? e.params.allowedValues)})`
      : '';
  return `${where}: ${e.message ?? e.keyword}${extra}`;
}

export const headerProblems = (header: unknown) => problems(schemas().header, header);
export const messageProblems = (message: unknown) => problems(schemas().message, message);
export const reportProblems = (report: unknown) => problems(schemas().report, report);
