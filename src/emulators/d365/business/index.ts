// The F&O business side of the D365 emulator, handed to the generic OData engine (engine/behaviour.ts):
// the rules per entity set, the demo seed and the `/_sim/` business simulation. `createBusiness` takes
// the company setup switches (e.g. manual sales-order numbers); `business` is the default setup.
import type { BusinessModule, EntityBehaviour } from '../engine/behaviour.ts';
import { customerBehaviour } from './customers.ts';
import { postalAddressBehaviour } from './postalAddresses.ts';
import { readOnlyBehaviours } from './readOnly.ts';
import { releasedProductBehaviours } from './releasedProducts.ts';
import { salesOrderLineBehaviours } from './salesOrderLines.ts';
import { salesOrderHeaderBehaviours } from './salesOrders.ts';
import { seedDemo } from './seed.ts';
import { defaultSetup, type CompanySetup } from './setup.ts';
import { mountSimulation } from './sim/index.ts';
import { trackingBehaviour } from './tracking.ts';
import { tradeAgreementJournalBehaviours } from './tradeAgreementJournals.ts';

export type { CompanySetup } from './setup.ts';

export function createBusiness(setup: Partial<CompanySetup> = {}): BusinessModule {
  const s: CompanySetup = { ...defaultSetup, ...setup };
  const behaviours: EntityBehaviour[] = [
    ...salesOrderHeaderBehaviours(s),
    ...salesOrderLineBehaviours,
    customerBehaviour,
    postalAddressBehaviour,
    ...releasedProductBehaviours,
    ...tradeAgreementJournalBehaviours,
    trackingBehaviour,
    ...readOnlyBehaviours,
  ];
  return { behaviours, seedDemo, mountSimulation };
}

export const business: BusinessModule = createBusiness();
