// The subset of Swagger 2.0 that Amazon's SP-API models use and the emulator reads: paths, operations,
// parameters (path-level and operation-level, possibly `$ref`'d to `#/parameters/…`), responses with
// their `x-amzn-api-sandbox` static examples, and definitions. Schemas stay opaque JSON: Ajv reads them.

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A JSON Schema (draft-4-like, with Swagger `x-` extensions) kept as parsed JSON. */
export type Schema = Record<string, unknown>;

export interface SwaggerParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'body' | 'formData';
  required?: boolean;
  /** Body parameters only. */
  schema?: Schema;
  /** Non-body parameters: the value's type and constraints sit on the parameter itself. */
  type?: string;
  items?: Schema;
  /** How an array travels in one query value; Swagger's default is `csv`. */
  collectionFormat?: 'csv' | 'ssv' | 'tsv' | 'pipes' | 'multi';
  [constraint: string]: unknown;
}

export interface SandboxStaticCase {
  request: { parameters: Record<string, { value?: unknown }> };
  response: unknown;
}

export interface SwaggerResponse {
  description?: string;
  schema?: Schema;
  headers?: Record<string, Schema>;
  'x-amzn-api-sandbox'?: { static?: SandboxStaticCase[]; dynamic?: unknown };
}

export interface SwaggerOperation {
  operationId: string;
  parameters?: (SwaggerParameter | { $ref: string })[];
  responses: Record<string, SwaggerResponse>;
  deprecated?: boolean;
}

export type SwaggerPathItem = { parameters?: (SwaggerParameter | { $ref: string })[] } & {
  [M in HttpMethod]?: SwaggerOperation;
};

export interface SwaggerDoc {
  swagger: '2.0';
  info: { title?: string; version?: string };
  basePath?: string;
  paths: Record<string, SwaggerPathItem>;
  definitions?: Record<string, Schema>;
  parameters?: Record<string, SwaggerParameter>;
}

/** One loaded model file. `name` is the file name without `.json`, e.g. `ordersV0`. */
export interface AmazonModel {
  name: string;
  file: string;
  doc: SwaggerDoc;
}
