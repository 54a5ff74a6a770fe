import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.ts';
import { legalEntityOf, marketplaceProfiles, profileOf } from './marketplaceProfile.ts';

const connection = (marketplaces: unknown[]) =>
  parseConfig(
    {
      connections: [
        {
          id: 'eu1',
          amazon: { sellingPartnerId: 'S', region: 'eu', marketplaces },
          d365: { environmentUrl: 'https://contoso.operations.dynamics.com', tenantId: 't' },
        },
      ],
    },
    'test',
  ).connections[0]!;

describe('marketplace profile', () => {
  it('fills currency and tax from what is fixed about the marketplace, and says where each is set', () => {
    const profiles = marketplaceProfiles(
      connection([
        { id: 'A1PA6795UKMFR9', legalEntity: 'DEMF', customerAccount: 'AMZ-DE', site: '2', warehouse: '21' },
        { id: 'A1F83G8C2ARO7P', legalEntity: 'gbsi' },
      ]),
    );
    expect(profiles).toEqual([
      {
        marketplaceId: 'A1PA6795UKMFR9',
        legalEntity: 'demf',
        configPath: 'connection eu1: amazon.marketplaces[0]',
        customerAccount: 'AMZ-DE',
        site: '2',
        warehouse: '21',
        currency: 'EUR',
        pricesIncludeTax: true,
        country: 'DE',
      },
      {
        marketplaceId: 'A1F83G8C2ARO7P',
        legalEntity: 'gbsi',
        configPath: 'connection eu1: amazon.marketplaces[1]',
        currency: 'GBP',
        pricesIncludeTax: true,
        country: 'GB',
      },
    ]);
  });

  it('lets the configuration override currency and tax; a marketplace it does not know has neither default', () => {
    const [us, unknown] = marketplaceProfiles(
      connection([
        { id: 'ATVPDKIKX0DER', legalEntity: 'usmf', currency: 'EUR', pricesIncludeTax: true },
        { id: 'A0NEWMARKET00', legalEntity: 'usmf' },
      ]),
    );
    expect(us).toMatchObject({ currency: 'EUR', pricesIncludeTax: true });
    expect(unknown).toMatchObject({ pricesIncludeTax: false });
    expect(unknown!.currency).toBeUndefined();
  });

  it('routes a marketplace to its legal entity, and nothing for one the connection does not sell on', () => {
    const c = connection([{ id: 'ATVPDKIKX0DER', legalEntity: 'usmf' }]);
    expect(legalEntityOf(c, 'ATVPDKIKX0DER')).toBe('usmf');
    expect(profileOf(c, 'A2EUQ1WTGCTBG2')).toBeUndefined();
    expect(profileOf(undefined, 'ATVPDKIKX0DER')).toBeUndefined();
  });
});
