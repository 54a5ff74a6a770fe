/**
 * The body each webhook format receives for an alert or a recovery — pure, tested in webhookBody.test.ts.
 *   json   our own event, as is (a `version` lets receivers notice a change of shape);
 *   slack  an incoming-webhook message: `text` (the notification line) and Block Kit blocks;
 *   teams  a Teams Workflows ("When a Teams webhook request is received") message carrying an Adaptive
 *          Card — the successor of the Office 365 connectors' MessageCard, which Microsoft is retiring.
 */
import type { WebhookFormat } from '../config/alertsSchema.ts';
import type { AlertEvent } from './alertEvent.ts';

const RULE_NAMES: Record<AlertEvent['rule'], string> = {
  failingRuns: 'failing runs',
  needsAttention: 'records need attention',
  lag: 'lag',
  noSuccess: 'no successful run',
  orderFreshness: 'order freshness',
};

/** "[ALERT] …" / "[RESOLVED] …" with the connection: the line a phone notification shows. */
export function headline(event: AlertEvent): string {
  const tag = event.status === 'resolved' ? 'RESOLVED' : event.severity === 'critical' ? 'ALERT' : 'WARNING';
  return `[${tag}] ${event.connection}: ${event.title}`;
}

/**
 * A fact's value in a chat message: reasons are free text of any length (a remote's error message), and
 * Slack refuses a whole message whose section text passes 3,000 characters (`invalid_blocks`, a 400 we
 * would never retry) — the full text stays in the live feed and the generic JSON body.
 */
export const MAX_FACT_CHARS = 300;
/** Slack's limit on a section block's text. */
export const SLACK_SECTION_CHARS = 3000;

const shorten = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Every fact, the rule and when it began, as name/value pairs in a stable order, values shortened. */
export function factList(event: AlertEvent): Array<[string, string]> {
  return [
    ['connection', event.connection],
    ['rule', RULE_NAMES[event.rule]],
    ...(event.since ? [['since', event.since] as [string, string]] : []),
    ...Object.entries(event.facts).map(
      ([k, v]) => [k, shorten(String(v), MAX_FACT_CHARS)] as [string, string],
    ),
  ];
}

/** Whole lines while they fit in `max` characters, then a line saying how many were left out. */
function fitLines(lines: string[], max: number): string {
  const kept: string[] = [];
  let length = 0;
  for (const [i, line] of lines.entries()) {
    const more = `…and ${lines.length - i} more`;
    const next = length + (kept.length > 0 ? 1 : 0) + line.length;
    const room = i === lines.length - 1 ? next : next + 1 + more.length;
    if (room > max) return [...kept, more].join('\n');
    kept.push(line);
    length = next;
  }
  return kept.join('\n');
}

/** Slack's mrkdwn treats &, < and > as markup: escaped so a reason cannot become a link or mention. */
const slackEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function slackBody(event: AlertEvent): unknown {
  const lines = factList(event).map(([k, v]) => `*${slackEscape(k)}:* ${slackEscape(v)}`);
  return {
    text: slackEscape(headline(event)),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${slackEscape(headline(event))}*` } },
      { type: 'section', text: { type: 'mrkdwn', text: fitLines(lines, SLACK_SECTION_CHARS) } },
    ],
  };
}

function teamsBody(event: AlertEvent): unknown {
  const color =
    event.status === 'resolved' ? 'Good' : event.severity === 'critical' ? 'Attention' : 'Warning';
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: headline(event), weight: 'Bolder', color, wrap: true },
            { type: 'FactSet', facts: factList(event).map(([title, value]) => ({ title, value })) },
          ],
        },
      },
    ],
  };
}

export function webhookBody(format: WebhookFormat, event: AlertEvent): unknown {
  if (format === 'slack') return slackBody(event);
  if (format === 'teams') return teamsBody(event);
  return { version: 1, ...event, text: headline(event) };
}
