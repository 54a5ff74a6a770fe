/**
 * Shipment confirmations in demo mode: a 5-second poll (the demo's clock runs fast) and the carrier
 * mapping of the demo company — every F&O carrier of the demo catalogue that Amazon lists, with its
 * Amazon code and service. The catalogue's regional freight carrier has no row on purpose: its
 * shipments go to Amazon as `Other` with its name.
 */
import { demoCatalogue } from '../../demo/demoCatalogue.ts';
import type { DemoDefaults } from '../../engine/flow.ts';

export function confirmShipmentsDemo(): DemoDefaults {
  const { codes } = demoCatalogue();
  return {
    settings: { intervalSeconds: 5, writeSettleSeconds: 2 },
    mappings: {
      carriers: codes.carriers.flatMap((c) =>
        c.amazonCarrierCode
          ? [
              {
                carrier: c.d365,
                carrierCode: c.amazonCarrierCode,
                ...(c.shippingMethod && { shippingMethod: c.shippingMethod }),
              },
            ]
          : [],
      ),
    },
  };
}
