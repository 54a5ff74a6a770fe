/**
 * The settings of the `confirm-shipments` service (`services.confirm-shipments` in the configuration),
 * with their defaults. `enabled` and `intervalSeconds` belong to the scheduler and are not here.
 */
import { z } from 'zod';
import type { FlowContext } from '../domain/remotes.ts';

export const FLOW_ID = 'confirm-shipments';

export const confirmShipmentsSettings = z.strictObject({
  /**
   * Packing slips are found by their posting time (`CreatedOn`), the only timestamp F&O gives them. A
   * slip posted in a long transaction becomes visible after later ones: each poll looks this far back
   * behind the last slip seen, and slips already recorded are recognised.
   */
  overlapMinutes: z.int().min(0).max(1440).default(10),
  /**
   * Amazon requires a tracking number. A slip posted without one waits this long for a tracking row
   * (entered after posting), then needs a person — it is never confirmed without tracking.
   */
  trackingDeadlineMinutes: z.int().min(1).max(43_200).default(240),
  /** New packing slips taken per page of a run. */
  pageSize: z.int().min(1).max(500).default(100),
  /**
   * A confirmation sent by a process that died, or whose answer was lost, may still be landing on
   * Amazon: it is looked up again, not resent, until this many seconds have passed.
   */
  writeSettleSeconds: z.int().min(0).max(3600).default(60),
});

export type ConfirmShipmentsSettings = z.output<typeof confirmShipmentsSettings>;
export type ShipmentsContext = FlowContext<ConfirmShipmentsSettings>;
