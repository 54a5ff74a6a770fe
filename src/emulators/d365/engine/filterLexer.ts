// Tokens of an OData `$filter` expression: literals (strings with '' escaping, numbers, unquoted ISO
// date-times, dates, GUIDs, F&O enum literals `Microsoft.Dynamics.DataEntities.NoYes'Yes'`), names
// (properties, operators and functions alike; the parser tells them apart), and punctuation.
import { queryFault } from './errors.ts';

export type Token =
  | { type: 'string'; value: string; pos: number }
  | { type: 'number'; value: number; raw: string; pos: number }
  | { type: 'datetime' | 'date' | 'guid'; value: string; pos: number }
  | { type: 'typed'; typeName: string; value: string; pos: number }
  | { type: 'name'; value: string; pos: number }
  | { type: '(' | ')' | ',' | '/' | ':' | '-'; pos: number }
  | { type: 'end'; pos: number };

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const DATE = /^\d{4}-\d{2}-\d{2}/;
// OData has no binary minus (subtraction is `sub`), so a '-' before a digit always belongs to the number.
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?[mMdDfFlL]?/;
const NAME = /^[A-Za-z_$][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/;

export const syntaxError = (text: string, pos: number) =>
  queryFault(`Syntax error at position ${pos} in '${text}'.`);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const c = text[i]!;
    if ('(),/:'.includes(c)) {
      tokens.push({ type: c as '(' | ')' | ',' | '/' | ':', pos: i });
      i++;
      continue;
    }
    if (c === "'") {
      const [value, end] = readString(text, i);
      tokens.push({ type: 'string', value, pos: i });
      i = end;
      continue;
    }
    let m: RegExpExecArray | null;
    if ((m = DATE_TIME.exec(rest))) tokens.push({ type: 'datetime', value: m[0], pos: i });
    else if ((m = GUID.exec(rest))) tokens.push({ type: 'guid', value: m[0].toLowerCase(), pos: i });
    else if ((m = DATE.exec(rest))) tokens.push({ type: 'date', value: m[0], pos: i });
    else if ((m = NUMBER.exec(rest))) {
      tokens.push({ type: 'number', value: Number(m[0].replace(/[mMdDfFlL]$/, '')), raw: m[0], pos: i });
    } else if ((m = NAME.exec(rest))) {
      if (text[i + m[0].length] === "'") {
        // A typed literal: an enum (Namespace.Type'Member') or an OData type prefix (duration'…', binary'…').
        const [value, end] = readString(text, i + m[0].length);
        tokens.push({ type: 'typed', typeName: m[0], value, pos: i });
        i = end;
        continue;
      }
      tokens.push({ type: 'name', value: m[0], pos: i });
    } else if (c === '-') {
      tokens.push({ type: '-', pos: i });
      i++;
      continue;
    } else throw syntaxError(text, i);
    i += m[0].length;
  }
  tokens.push({ type: 'end', pos: text.length });
  return tokens;
}

/** Reads a quoted string starting at `start` (a quote); returns its value and the index after it. */
function readString(text: string, start: number): [string, number] {
  let value = '';
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf("'", i);
    if (quote < 0)
      throw queryFault(`There is an unterminated string literal at position ${start} in '${text}'.`);
    value += text.slice(i, quote);
    if (text[quote + 1] === "'") {
      value += "'";
      i = quote + 2;
    } else return [value, quote + 1];
  }
}
