// Reads an OData `$batch` body (multipart/mixed): top-level parts are single requests or change sets (a
// nested multipart/mixed), each request an `application/http` part holding a full HTTP request — request
// line with an absolute or relative URL, headers, blank line, body. Content-ID may sit in the MIME part's
// headers (the standard) or in the embedded request's.
import { EngineFault } from './errors.ts';

export interface BatchOperation {
  method: string;
  url: string;
  headers: Headers;
  body: string;
  contentId?: string;
}

export type BatchItem =
  { kind: 'operation'; operation: BatchOperation } | { kind: 'changeset'; operations: BatchOperation[] };

const invalid = (why: string) => new EngineFault(400, `The batch request is not valid: ${why}`, 'plain');

export function boundaryOf(contentType: string | null | undefined): string {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  const boundary = m?.[1] ?? m?.[2];
  if (!/^multipart\/mixed/i.test(contentType ?? '') || !boundary)
    throw invalid('the Content-Type must be multipart/mixed with a boundary.');
  return boundary;
}

/** The parts between `--boundary` delimiters (line-based; CRLF and LF alike). */
function splitParts(lines: string[], boundary: string): string[][] {
  const parts: string[][] = [];
  let current: string[] | undefined;
  for (const line of lines) {
    const trimmed = line.trimEnd();
    if (trimmed === `--${boundary}--`) {
      if (current) parts.push(current);
      return parts;
    }
    if (trimmed === `--${boundary}`) {
      if (current) parts.push(current);
      current = [];
    } else current?.push(line);
  }
  throw invalid(`the closing delimiter '--${boundary}--' is missing.`);
}

/** Splits header lines from the rest at the first blank line. */
function headersAndBody(lines: string[]): [Headers, string[]] {
  const headers = new Headers();
  let i = 0;
  for (; i < lines.length && lines[i]!.trim() !== ''; i++) {
    const colon = lines[i]!.indexOf(':');
    if (colon <= 0) throw invalid(`'${lines[i]}' is not a header.`);
    headers.append(lines[i]!.slice(0, colon).trim(), lines[i]!.slice(colon + 1).trim());
  }
  return [headers, lines.slice(i + 1)];
}

function operationOf(lines: string[]): BatchOperation {
  const [partHeaders, content] = headersAndBody(lines);
  if (!/^application\/http/i.test(partHeaders.get('Content-Type') ?? ''))
    throw invalid("each request must be a part with 'Content-Type: application/http'.");
  while (content.length > 0 && content[0]!.trim() === '') content.shift();
  const requestLine = /^([A-Z]+)\s+(\S+)(?:\s+HTTP\/1\.1)?\s*$/i.exec(content[0] ?? '');
  if (!requestLine) throw invalid(`'${content[0] ?? ''}' is not an HTTP request line.`);
  const [headers, bodyLines] = headersAndBody(content.slice(1));
  while (bodyLines.length > 0 && bodyLines[bodyLines.length - 1]!.trim() === '') bodyLines.pop();
  return {
    method: requestLine[1]!.toUpperCase(),
    url: requestLine[2]!,
    headers,
    body: bodyLines.join('\n'),
    contentId: partHeaders.get('Content-ID') ?? headers.get('Content-ID') ?? undefined,
  };
}

export function parseBatch(body: string, contentType: string | null | undefined): BatchItem[] {
  const lines = body.split(/\r?\n/);
  return splitParts(lines, boundaryOf(contentType)).map((part): BatchItem => {
    const [headers, content] = headersAndBody(part);
    const type = headers.get('Content-Type') ?? '';
    if (!/^multipart\/mixed/i.test(type)) return { kind: 'operation', operation: operationOf(part) };
    const operations = splitParts(content, boundaryOf(type)).map(operationOf);
    return { kind: 'changeset', operations };
  });
}
