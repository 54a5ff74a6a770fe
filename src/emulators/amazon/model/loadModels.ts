// Loads Amazon's official SP-API models (Swagger 2.0 JSON copied unchanged into ../models/). Every `*.json`
// of the folder that is a Swagger 2.0 document counts, so adding a model file is all it takes to have its
// operations routed, validated and replayed; other JSON there (e.g. a feed's JSON Schema) is skipped.
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AmazonModel, SwaggerDoc } from './swagger.ts';

export const DEFAULT_MODELS_DIR = fileURLToPath(new URL('../models/', import.meta.url));

/** Parses one model file; throws if it is not a Swagger 2.0 document. */
export function loadAmazonModel(file: string): AmazonModel {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Partial<SwaggerDoc>;
  if (!isSwagger2(doc)) throw new Error(`${file} is not a Swagger 2.0 document`);
  return { name: basename(file, '.json'), file, doc };
}

/**
 * Every Swagger 2.0 model in `dir` (default: the repository's copy), or exactly the given files. Sorted by
 * name so operation order — and with it sandbox tie-breaking and test output — is stable.
 */
export function loadAmazonModels(dirOrFiles: string | readonly string[] = DEFAULT_MODELS_DIR): AmazonModel[] {
  if (typeof dirOrFiles !== 'string') return dirOrFiles.map(loadAmazonModel);
  const models: AmazonModel[] = [];
  for (const entry of readdirSync(dirOrFiles).filter((f) => f.endsWith('.json'))) {
    const file = join(dirOrFiles, entry);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as Partial<SwaggerDoc>;
    if (isSwagger2(doc)) models.push({ name: basename(entry, '.json'), file, doc });
  }
  return models.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

let defaultModels: AmazonModel[] | undefined;

/** The repository's models, parsed once per process (they are ~400 KB and never change at run time). */
export function defaultAmazonModels(): AmazonModel[] {
  defaultModels ??= loadAmazonModels();
  return defaultModels;
}

function isSwagger2(doc: Partial<SwaggerDoc>): doc is SwaggerDoc {
  return doc.swagger === '2.0' && typeof doc.paths === 'object' && doc.paths !== null;
}
