/**
 * The flows this installation knows, by id. `main.ts` registers the built-in ones; tests may add their
 * own. Asking for an unknown flow is an error that lists the known ones.
 */
import { ConnectorError } from '../errors.ts';
import type { AnyFlow } from './flow.ts';

export class FlowRegistry {
  private readonly flows = new Map<string, AnyFlow>();

  constructor(flows: AnyFlow[] = []) {
    flows.forEach((flow) => this.register(flow));
  }

  register(flow: AnyFlow): void {
    if (this.flows.has(flow.id)) throw new Error(`flow ${flow.id} is registered twice`);
    this.flows.set(flow.id, flow);
  }

  get(id: string): AnyFlow {
    const flow = this.flows.get(id);
    if (!flow) {
      throw new ConnectorError(
        'config',
        `there is no flow "${id}" in this version; known flows: ${[...this.flows.keys()].join(', ') || 'none'}`,
        { context: { flow: id } },
      );
    }
    return flow;
  }

  has(id: string): boolean {
    return this.flows.has(id);
  }

  all(): AnyFlow[] {
    return [...this.flows.values()];
  }
}
