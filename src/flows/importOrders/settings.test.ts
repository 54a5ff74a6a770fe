import { describe, expect, it } from 'vitest';
import { importOrdersSettings } from './settings.ts';

describe('import-orders settings', () => {
  it('refuses the keys that moved to the marketplace profile, each saying where it went', () => {
    const result = importOrdersSettings.safeParse({
      marketplaces: { ATVPDKIKX0DER: { customerAccount: 'AMZ-US', site: '1', taxMode: 'seller' } },
    });
    expect(result.success).toBe(false);
    const issues = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual([
      expect.stringMatching(
        /^marketplaces\.ATVPDKIKX0DER\.customerAccount: moved: set customerAccount on the connection's marketplace/,
      ),
      expect.stringMatching(
        /^marketplaces\.ATVPDKIKX0DER\.site: moved: set site on the connection's marketplace/,
      ),
    ]);
  });

  it('keeps what is the import’s own per marketplace', () => {
    const settings = importOrdersSettings.parse({
      marketplaces: { ATVPDKIKX0DER: { defaultPaymentMethod: 'AMAZON', exemptTaxGroup: 'AMZ-MF' } },
    });
    expect(settings.marketplaces.ATVPDKIKX0DER).toEqual({
      defaultPaymentMethod: 'AMAZON',
      taxMode: 'marketplaceFacilitator',
      exemptTaxGroup: 'AMZ-MF',
    });
  });
});
