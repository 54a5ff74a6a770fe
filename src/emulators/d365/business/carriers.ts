// Shipping carriers the packing-slip posting accepts: the catalogue's F&O carrier ids (the metadata
// extract has no carrier entity, so they are checked here), with the public tracking-page URL F&O's
// carrier setup would hold, used to fill PackingSlipTrackingInformation.TrackingURL.
import { demoCatalogue } from '../../../demo/demoCatalogue.ts';

const trackingPages: Record<string, string> = {
  UPS: 'https://www.ups.com/track?tracknum=',
  FEDEX: 'https://www.fedex.com/fedextrack/?trknbr=',
  USPS: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=',
  DHL: 'https://www.dhl.com/global-en/home/tracking.html?tracking-id=',
};

export function carrierIds(): string[] {
  return demoCatalogue().codes.carriers.map((c) => c.d365);
}

/** The carrier's own spelling of a known id, matched case-insensitively. */
export function knownCarrier(id: string): string | undefined {
  return carrierIds().find((c) => c.toLowerCase() === id.toLowerCase());
}

export function trackingUrl(carrierId: string, trackingNumber: string): string {
  const page = trackingPages[carrierId.toUpperCase()];
  return page ? `${page}${encodeURIComponent(trackingNumber)}` : '';
}
