/**
 * What is fixed about each Amazon marketplace (reference amazon-sp-api.md §1.4, amazon-outbound.md §3):
 * its country, its home currency — the one `purchasable_offer` and orders use there — and whether its
 * prices include tax. Prices include VAT/GST everywhere but in the US and Canada, where sales tax is
 * added at checkout. Used for the defaults of a connection's marketplace profile.
 */

export interface AmazonMarketplace {
  country: string;
  currency: string;
  pricesIncludeTax: boolean;
}

const marketplace = (country: string, currency: string, pricesIncludeTax = true): AmazonMarketplace => ({
  country,
  currency,
  pricesIncludeTax,
});

export const AMAZON_MARKETPLACES: Readonly<Record<string, AmazonMarketplace>> = {
  ATVPDKIKX0DER: marketplace('US', 'USD', false),
  A2EUQ1WTGCTBG2: marketplace('CA', 'CAD', false),
  A1AM78C64UM0Y8: marketplace('MX', 'MXN'),
  A2Q3Y263D00KWC: marketplace('BR', 'BRL'),
  A1F83G8C2ARO7P: marketplace('GB', 'GBP'),
  A1PA6795UKMFR9: marketplace('DE', 'EUR'),
  A13V1IB3VIYZZH: marketplace('FR', 'EUR'),
  APJ6JRA9NG5V4: marketplace('IT', 'EUR'),
  A1RKKUPIHCS9HS: marketplace('ES', 'EUR'),
  A1805IZSGTT6HS: marketplace('NL', 'EUR'),
  A2NODRKZP88ZB9: marketplace('SE', 'SEK'),
  A1C3SOZRARQ6R3: marketplace('PL', 'PLN'),
  A33AVAJ2PDY3EV: marketplace('TR', 'TRY'),
  A2VIGQ35RCS4UG: marketplace('AE', 'AED'),
  A21TJRUUN4KGV: marketplace('IN', 'INR'),
  A17E79C6D8DWNP: marketplace('SA', 'SAR'),
  ARBP9OOSHTCHU: marketplace('EG', 'EGP'),
  A19VAU5U5O7RUS: marketplace('SG', 'SGD'),
  A39IBJ37TRP1C6: marketplace('AU', 'AUD'),
  A1VC38T7YXB528: marketplace('JP', 'JPY'),
};
