// The three webhook formats carry the same words: generic JSON, Slack (text + blocks, mrkdwn escaped)
// and Teams (an Adaptive Card in a Workflows message).
import { describe, expect, it } from 'vitest';
import type { AlertEvent } from './alertEvent.ts';
import { headline, MAX_FACT_CHARS, SLACK_SECTION_CHARS, webhookBody } from './webhookBody.ts';

const event: AlertEvent = {
  id: 'e1',
  status: 'firing',
  rule: 'needsAttention',
  connection: 'eu-main',
  subject: 'import-orders',
  severity: 'warning',
  title: 'import-orders: 2 record(s) entered needs_attention',
  facts: { 'reason 1': 'SKU <X-1> & friends have no item (2)' },
  at: '2025-03-03T10:00:00.000Z',
  since: '2025-03-03T10:00:00.000Z',
};

describe('webhookBody', () => {
  it('json: the event as it is, with a version and the headline', () => {
    expect(webhookBody('json', event)).toEqual({ version: 1, ...event, text: headline(event) });
    expect(headline({ ...event, status: 'resolved' })).toMatch(/^\[RESOLVED\] eu-main: /);
    expect(headline({ ...event, severity: 'critical' })).toMatch(/^\[ALERT\] /);
  });

  it('slack: a text line and blocks, with &, < and > escaped', () => {
    const body = webhookBody('slack', event) as { text: string; blocks: Array<{ text: { text: string } }> };
    expect(body.text).toBe('[WARNING] eu-main: import-orders: 2 record(s) entered needs_attention');
    const facts = body.blocks[1]!.text.text;
    expect(facts).toContain('*reason 1:* SKU &lt;X-1&gt; &amp; friends have no item (2)');
    expect(facts).toContain('*connection:* eu-main');
  });

  it('teams: an Adaptive Card with the headline and a fact set', () => {
    const body = webhookBody('teams', { ...event, status: 'resolved' }) as {
      type: string;
      attachments: Array<{
        contentType: string;
        content: { type: string; body: Array<Record<string, unknown>> };
      }>;
    };
    expect(body.type).toBe('message');
    const card = body.attachments[0]!;
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.type).toBe('AdaptiveCard');
    expect(card.content.body[0]).toMatchObject({
      text: expect.stringMatching(/^\[RESOLVED\]/),
      color: 'Good',
    });
    expect(card.content.body[1]).toMatchObject({
      type: 'FactSet',
      facts: expect.arrayContaining([{ title: 'rule', value: 'records need attention' }]),
    });
  });

  it('long reasons: Slack sections stay within 3,000 characters and chat facts are shortened', () => {
    const facts = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`reason ${i + 1}`, `${'<&>'.repeat(400)} (${i})`]),
    );
    const long = { ...event, facts };
    const slack = webhookBody('slack', long) as { blocks: Array<{ text: { text: string } }> };
    const section = slack.blocks[1]!.text.text;
    expect(section.length).toBeLessThanOrEqual(SLACK_SECTION_CHARS);
    expect(section).toMatch(/\n…and \d+ more$/);
    expect(section).toContain('*connection:* eu-main');
    const teams = webhookBody('teams', long) as {
      attachments: Array<{ content: { body: Array<{ facts?: Array<{ value: string }> }> } }>;
    };
    const values = teams.attachments[0]!.content.body[1]!.facts!.map((f) => f.value);
    expect(values).toHaveLength(23);
    expect(Math.max(...values.map((v) => v.length))).toBe(MAX_FACT_CHARS);
    // The generic JSON body keeps every word: it is for programs, which have no such limit.
    expect((webhookBody('json', long) as { facts: unknown }).facts).toEqual(facts);
  });
});
