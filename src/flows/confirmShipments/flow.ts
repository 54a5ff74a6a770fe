/**
 * The `confirm-shipments` service: packing slips posted in D365 for orders the connector imported →
 * Amazon shipment confirmations (carrier, tracking number, ship date, the units shipped), each package
 * exactly once (docs/flows/shipments.md). Acceptance scenario 4.
 *
 *   load   intake/snapshot.ts  new packing slips per legal entity (by posting time), waiting ones
 *   plan   plan/decide.ts      per package: confirm / wait for tracking / nothing to send / a person (pure)
 *   apply  write/apply.ts      record slips and decisions and move the cursors, then confirm one by one
 *
 * Runs every 2 minutes by default; confirmShipment's rate (2 per second, burst 10) is kept by the client.
 */
import { defineFlow } from '../../engine/flow.ts';
import type { Remotes } from '../domain/remotes.ts';
import { confirmShipmentsDemo } from './demo.ts';
import { loadShipments, type ShipmentsSnapshot } from './intake/snapshot.ts';
import { decide, type ShipmentAction } from './plan/decide.ts';
import { confirmShipmentsSettings, FLOW_ID, type ConfirmShipmentsSettings } from './settings.ts';
import { applyShipments } from './write/apply.ts';
import { checkShipments } from './check.ts';

export const confirmShipmentsFlow = defineFlow<
  ShipmentsSnapshot,
  ShipmentAction,
  ConfirmShipmentsSettings,
  Remotes
>({
  id: FLOW_ID,
  title: 'Confirm shipments',
  description:
    'Confirms to Amazon the packing slips posted in D365 for imported orders: carrier, tracking number, ship date and the ' +
    'units shipped, one package per packing slip; partial shipments and bundles included.',
  docs: 'docs/flows/shipments.md',
  scope: 'connection',
  schedule: { intervalSeconds: 120, enabledByDefault: true },
  settings: confirmShipmentsSettings,
  load: loadShipments,
  plan(snapshot, ctx) {
    return decide({
      orders: snapshot.orders,
      advances: snapshot.cursors.map((c) => ({ scope: c.key.scope ?? '', to: c.value })),
      settings: ctx.settings,
      carriers: snapshot.carriers,
      now: ctx.now(),
      hasMore: snapshot.hasMore,
    });
  },
  apply: applyShipments,
  check: checkShipments,
  demo: confirmShipmentsDemo,
});
