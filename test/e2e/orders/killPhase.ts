/**
 * Where a SIGKILL landed, told from the killed process's log (pino JSON on stderr): the last exchange
 * with a remote or the last feed line before the kill — of the order import, or of the shipment
 * confirmations (shipmentsCrash.test.ts). For the tests' report only — never asserted: it is what the
 * process had *finished* when it died, the kill itself fell somewhere after that.
 */

interface LogLine {
  msg?: string;
  remote?: string;
  method?: string;
  entitySet?: string;
  operation?: string;
}

function parse(stderr: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const text of stderr.split('\n')) {
    if (!text.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(text) as LogLine);
    } catch {
      // a line cut by the kill
    }
  }
  return lines;
}

/** True once the process has talked to a remote: its run is under way. */
export function runStarted(stderr: string): boolean {
  return stderr.includes('"remote":"amazon"') || stderr.includes('"remote":"d365"');
}

export function killPhase(stderr: string): string {
  const relevant = parse(stderr).filter(
    (l) =>
      l.remote !== undefined ||
      /found and staged|→ D365 sales order|deleted in D365|line\(s\) of sales order|shipped: package|needs attention|run failed|item\(s\) processed/.test(
        l.msg ?? '',
      ),
  );
  const last = relevant.at(-1);
  if (!last) return 'start-up, before any call to a remote';
  const msg = last.msg ?? '';
  if (last.remote === 'amazon') return `after Amazon ${last.operation ?? msg}`;
  if (last.remote === 'd365') {
    const what = `${last.method} ${last.entitySet}`;
    if (last.entitySet === 'CustomersV3' || last.entitySet === 'CustomerPostalAddresses')
      return `customer: after ${what}`;
    if (last.entitySet === 'SalesOrderHeadersV2' && last.method === 'POST')
      return 'order: after the header, before its lines';
    if (last.entitySet === '$batch') return 'order: after a change set (lines, or a cancellation)';
    if (last.entitySet?.startsWith('SalesOrder')) return `order: after ${what}`;
    if (/^(CustPackingSlip|PackingSlipTracking)/.test(last.entitySet ?? ''))
      return `packing slips: after ${what}`;
    return `lookups: after ${what}`;
  }
  if (msg.includes('item(s) processed')) return 'between runs (the last one had ended)';
  if (msg.includes('found and staged')) return 'after staging a page';
  if (msg.includes('→ D365 sales order')) return 'after an order was recorded';
  if (/deleted in D365|line\(s\) of sales order/.test(msg)) return 'after a cancellation';
  if (msg.includes('shipped: package')) return 'after a package was recorded as confirmed';
  return `after "${msg.slice(0, 60)}"`;
}

/** "phase: count" lines, most frequent first. */
export function tally(phases: string[]): string {
  const counts = new Map<string, number>();
  for (const p of phases) counts.set(p, (counts.get(p) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([phase, n]) => `  ${String(n).padStart(3)} × ${phase}`)
    .join('\n');
}
