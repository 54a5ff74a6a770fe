/**
 * Which D365 customer an Amazon order goes to (pure). Rules, first match wins:
 *
 * 1. A business buyer — an Amazon Business order (or one with a buyer company) that names a company or
 *    a tax id, with `customers.businessCustomers` on — gets a customer of its own, whatever the
 *    strategy: its invoices must name it. Key: `AMZ-` + keyOf('business:' + normalised company name +
 *    '|' + normalised tax number); an Organization named by the registered legal name, the tax id as
 *    tax-exempt number, the delivery address (role Delivery) and the tax-registration address (Invoice).
 * 2. Strategy `buyer` with the buyer's (relay) e-mail: one customer per buyer. Key: `AMZ-` +
 *    keyOf('buyer:' + lower-cased e-mail); a Person named from the buyer name (else the delivery
 *    address name), e-mail, the delivery address's phone and the delivery address.
 * 3. Otherwise — strategy `marketplace`, or no e-mail (Amazon-fulfilled orders, withheld data) — the
 *    marketplace's customer account, with the delivery address on the order only.
 *
 * A customer the connector ensures needs `customers.customerGroup` and the order's currency; its
 * fallback is the marketplace customer. Keys are hashes, so they carry no personal data, and are
 * 4 + 16 = 20 characters: D365's customer account length.
 */
import type { OrderFacts } from '../intake/facts.ts';
import type { PlanInput } from './planInput.ts';
import type { CustomerNeed, CustomerDraft } from './drafts.ts';

const SETTINGS = 'services.import-orders';

export interface CustomerPlan {
  customer?: CustomerNeed;
  problems: string[];
}

/** `currency` undefined: the header reports it; no customer can be drafted without it. */
export function planCustomer(
  facts: OrderFacts,
  input: PlanInput,
  currency: string | undefined,
): CustomerPlan {
  const { settings, lookups, profile } = input;
  const marketplaceAccount = profile?.customerAccount;
  const key = (text: string) => `AMZ-${lookups.keyOf(text).slice(0, 16)}`;

  const tax = facts.taxRegistration;
  const companyName = facts.buyer.companyName ?? tax?.legalName;
  const business =
    facts.isBusiness && settings.customers.businessCustomers && Boolean(tax?.number || companyName);
  const email = facts.buyer.email;
  if (!business && (settings.customers.strategy === 'marketplace' || !email)) {
    if (marketplaceAccount)
      return { customer: { kind: 'account', account: marketplaceAccount }, problems: [] };
    const why = settings.customers.strategy === 'buyer' ? ' (the order has no buyer e-mail)' : '';
    return {
      problems: [
        `${profile?.configPath ?? 'amazon.marketplaces'}.customerAccount is not set${why}: set it to the D365 customer account that stands for marketplace ${facts.marketplaceId}`,
      ],
    };
  }

  const customerGroup = settings.customers.customerGroup;
  const who = business ? 'a business buyer' : 'a buyer (customers.strategy buyer)';
  if (!customerGroup)
    return {
      problems: [
        `the order needs a D365 customer of its own for ${who}, but ${SETTINGS}.customers.customerGroup is not set: set it to the customer group of the customers the connector creates`,
      ],
    };
  if (!currency || !profile) return { problems: [] };

  const common = {
    company: profile.legalEntity,
    customerGroup,
    currency,
    fallbackAccount: marketplaceAccount,
  };
  const delivery = facts.deliveryAddress
    ? [{ role: 'Delivery' as const, address: facts.deliveryAddress }]
    : [];
  let draft: CustomerDraft;
  if (business) {
    const name = normaliseName(companyName ?? '');
    const number = normaliseTaxNumber(tax?.number ?? '');
    const invoice = tax?.address ? [{ role: 'Invoice' as const, address: tax.address }] : [];
    draft = {
      ...common,
      key: key(`business:${name}|${number}`),
      kind: 'business',
      partyType: 'Organization',
      organizationName: tax?.legalName ?? facts.buyer.companyName,
      taxExemptNumber: tax?.number,
      addresses: [...delivery, ...invoice],
    };
  } else {
    const customerKey = key(`buyer:${email!.trim().toLowerCase()}`);
    const { firstName, lastName } = splitName(facts.buyer.name ?? facts.deliveryAddress?.name);
    draft = {
      ...common,
      key: customerKey,
      kind: 'buyer',
      partyType: 'Person',
      firstName,
      // A person without any name still needs one in D365: the key names them without personal data.
      lastName: lastName ?? customerKey,
      email,
      phone: facts.deliveryAddress?.phone,
      addresses: delivery,
    };
  }
  return { customer: { kind: 'ensure', draft }, problems: [] };
}

/** "ACME, Inc." and "Acme Inc" are one company: compatibility form, lower case, letters and digits. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** "DE 123 456-789" and "de123456789" are one tax id. */
export function normaliseTaxNumber(number: string): string {
  return number
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Scripts that write the family name first (山田 太郎, 김 민준). */
const FAMILY_NAME_FIRST = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * First and last name from one name field, as Amazon gives a single `buyerName`: the last word is the
 * family name, except in scripts that write it first; a single word is taken as the family name.
 */
export function splitName(name: string | undefined): { firstName?: string; lastName?: string } {
  const words = (name ?? '').trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return {};
  if (words.length === 1) return { lastName: words[0] };
  if (FAMILY_NAME_FIRST.test(words.join('')))
    return { lastName: words[0], firstName: words.slice(1).join(' ') };
  return { firstName: words.slice(0, -1).join(' '), lastName: words.at(-1) };
}
