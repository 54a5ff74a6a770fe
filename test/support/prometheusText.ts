/**
 * A small strict reader of the Prometheus text exposition format (0.0.4), for tests: prom-client writes
 * the format but has no reader, and a lenient regex would pass what Prometheus refuses. It throws on
 * the first line Prometheus would reject — a sample of a family never declared, a family declared
 * twice, a bad name, label or value, a repeated series — and checks each histogram: `le` on every
 * bucket, buckets cumulative, the +Inf bucket equal to `_count`.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function fail(lineNo: number, line: string, why: string): never {
  throw new Error(`Prometheus text, line ${lineNo}: ${why}: ${line}`);
}

/** As Prometheus reads it (Go's ParseFloat): NaN and Inf in any case — prom-client writes `Nan`. */
function parseValue(text: string): number | undefined {
  if (/^[+]?inf(inity)?$/i.test(text)) return Infinity;
  if (/^-inf(inity)?$/i.test(text)) return -Infinity;
  if (/^nan$/i.test(text)) return NaN;
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : undefined;
}

/** Reads `{a="x",b="y"}` from the start of `text`; returns the labels and what follows. */
function parseLabels(
  text: string,
  fail: (why: string) => never,
): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let i = 1;
  for (;;) {
    if (text[i] === '}') return { labels, rest: text.slice(i + 1) };
    const eq = text.indexOf('=', i);
    if (eq < 0) fail('a label without =');
    const name = text.slice(i, eq);
    if (!LABEL_NAME.test(name)) fail(`bad label name "${name}"`);
    if (name in labels) fail(`label ${name} twice`);
    if (text[eq + 1] !== '"') fail(`label ${name}: value not quoted`);
    let value = '';
    let j = eq + 2;
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] !== '\\') {
        value += text[j];
        continue;
      }
      const next = text[++j];
      if (next === 'n') value += '\n';
      else if (next === '\\' || next === '"') value += next;
      else fail(`label ${name}: bad escape \\${next}`);
    }
    if (j >= text.length) fail(`label ${name}: unterminated value`);
    labels[name] = value;
    i = j + 1;
    if (text[i] === ',') i++;
    else if (text[i] !== '}') fail('labels not separated by a comma');
  }
}

/** The family a sample name belongs to: itself, or the family its suffix extends. */
function familyOf(name: string, families: Map<string, Family>): Family | undefined {
  const exact = families.get(name);
  if (exact) return exact;
  for (const suffix of ['_bucket', '_sum', '_count', '_total', '_created']) {
    if (!name.endsWith(suffix)) continue;
    const family = families.get(name.slice(0, -suffix.length));
    if (!family) continue;
    const fits =
      family.type === 'histogram'
        ? ['_bucket', '_sum', '_count', '_created'].includes(suffix)
        : family.type === 'summary'
          ? ['_sum', '_count', '_created'].includes(suffix)
          : family.type === 'counter' && ['_total', '_created'].includes(suffix);
    if (fits) return family;
  }
  return undefined;
}

function checkHistogram(family: Family): void {
  const series = new Map<string, Sample[]>();
  const counts = new Map<string, number>();
  const key = (labels: Record<string, string>) =>
    JSON.stringify(
      Object.entries(labels)
        .filter(([k]) => k !== 'le')
        .sort(),
    );
  for (const sample of family.samples) {
    if (sample.name.endsWith('_bucket')) {
      if (sample.labels.le === undefined) throw new Error(`${sample.name}: a bucket without le`);
      series.set(key(sample.labels), [...(series.get(key(sample.labels)) ?? []), sample]);
    } else if (sample.name.endsWith('_count')) counts.set(key(sample.labels), sample.value);
  }
  for (const [labels, buckets] of series) {
    const sorted = [...buckets].sort((a, b) => Number(a.labels.le) - Number(b.labels.le));
    sorted.forEach((b, i) => {
      if (i > 0 && b.value < sorted[i - 1]!.value)
        throw new Error(`${family.name}${labels}: buckets not cumulative`);
    });
    const inf = sorted.find((b) => b.labels.le === '+Inf');
    if (!inf) throw new Error(`${family.name}${labels}: no +Inf bucket`);
    if (inf.value !== counts.get(labels))
      throw new Error(`${family.name}${labels}: +Inf bucket is not _count`);
  }
}

export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const seen = new Set<string>();
  const lines = text.split('\n');
  if (lines.at(-1) !== '') throw new Error('Prometheus text must end with a line feed');
  lines.slice(0, -1).forEach((line, index) => {
    const no = index + 1;
    if (line.trim() === '') return;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name = '', rest = ''] = meta;
      if (!NAME.test(name)) fail(no, line, 'bad metric name');
      const family = families.get(name) ?? { name, help: '', type: 'untyped' as MetricType, samples: [] };
      if (family.samples.length > 0) fail(no, line, `${kind} after the samples of ${name}`);
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) fail(no, line, `unknown type "${rest}"`);
        if (families.has(name) && family.type !== 'untyped') fail(no, line, `${name} declared twice`);
        family.type = rest as MetricType;
      } else family.help = rest;
      families.set(name, family);
      return;
    }
    if (line.startsWith('#')) return; // a comment
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
    if (!name) fail(no, line, 'not a sample');
    let rest = line.slice(name.length);
    let labels: Record<string, string> = {};
    if (rest.startsWith('{')) ({ labels, rest } = parseLabels(rest, (why) => fail(no, line, why)));
    const parts = rest.trim().split(' ');
    if (!rest.startsWith(' ') || parts.length < 1 || parts.length > 2) fail(no, line, 'value missing');
    const value = parseValue(parts[0]!);
    if (value === undefined) fail(no, line, `bad value "${parts[0]}"`);
    if (parts[1] !== undefined && !/^-?\d+$/.test(parts[1])) fail(no, line, 'bad timestamp');
    const family = familyOf(name, families);
    if (!family) fail(no, line, `a sample of no declared family`);
    const id = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(id)) fail(no, line, 'the same series twice');
    seen.add(id);
    family.samples.push({ name, labels, value });
  });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

/** The value of the one sample named `name` whose labels include `labels`; undefined when none. */
export function sampleValue(
  families: Map<string, Family>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const family of families.values()) {
    const match = family.samples.find(
      (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    );
    if (match) return match.value;
  }
  return undefined;
}
