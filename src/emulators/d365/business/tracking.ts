// PackingSlipTrackingInformation over OData: tracking numbers belong to a posted packing slip of the
// order. F&O records them in the posting dialog (the simulation does that); adding a parcel's number
// afterwards through the entity is allowed here for a packing slip that exists, with its delivery date
// and the carrier's tracking URL filled in. [Whether F&O accepts such writes is unconfirmed, §4.2.]
import type { EntityBehaviour } from '../engine/behaviour.ts';
import { trackingUrl } from './carriers.ts';
import { mustBeFilled, refuseIfAny, type Problem } from './faults.ts';
import { companyOf, isSet, str } from './values.ts';

const SET = 'PackingSlipTrackingInformation';

export const trackingBehaviour: EntityBehaviour = {
  entitySet: SET,
  onCreate(input, ctx) {
    const company = companyOf(input, ctx);
    const problems: Problem[] = [];
    if (!isSet(input.TrackingNumber)) problems.push(mustBeFilled('Tracking number', 'TrackingNumber'));
    const slip = ctx.store
      .listBy('CustPackingSlipJourBiEntities', company, 'SalesId', input.SalesOrderNumber)
      .find((j) => j.PackingSlipId === input.PackingSlipNumber);
    if (!slip)
      problems.push({
        message: `Packing slip '${str(input.PackingSlipNumber)}' has not been posted for sales order '${str(input.SalesOrderNumber)}'.`,
        field: 'PackingSlipNumber',
      });
    refuseIfAny(SET, problems);
    return {
      ...input,
      dataAreaId: company,
      DeliveryDate: isSet(input.DeliveryDate) ? input.DeliveryDate : slip?.DeliveryDate,
      TrackingURL: str(input.TrackingURL) || trackingUrl(str(slip?.ShipCarrierId), str(input.TrackingNumber)),
    };
  },
};
