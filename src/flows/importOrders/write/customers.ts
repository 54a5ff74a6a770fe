/**
 * The D365 customer an order goes to, made to exist exactly once — also across crashes:
 * - a link (`customer`, `<company>/<key>`) names the account once it is known; a draft whose content
 *   hash differs from the link's updates the customer's names and contact data and adds new addresses;
 * - without a link the customer is created through `performOnce`: F&O allocates the account, so the
 *   only way to recognise a customer an interrupted attempt created is the key the connector writes
 *   into its search name (`NameAlias`), read back by `check`;
 * - addresses are compared with the customer's existing ones and only missing ones are created, so a
 *   crash between the customer and its addresses is completed by the next attempt.
 * The link is written last, when the customer and its addresses are in place.
 *
 * A customer F&O refuses (unknown customer group, a mandatory field) is a `data` error saying what to
 * fix; the caller falls back to `draft.fallbackAccount` or puts the order in needs_attention. Names,
 * e-mails, phones and addresses never go into a message: F&O's own text is already masked by the client.
 */
import {
  customerPostalAddresses,
  customers,
  type D365Client,
  type Read,
  type RowOf,
} from '../../../d365/index.ts';
import { ConnectorError, isConnectorError } from '../../../errors.ts';
import { findLink, upsertLink } from '../../../store/repos/links.ts';
import { performOnce, rejectIntent } from '../../../engine/performOnce.ts';
import {
  addressesWanted,
  customerContactChanges,
  customerCreateRow,
  findSameAddress,
  missingRoles,
  postalAddressRow,
} from './customerRows.ts';
import type { CustomerDraft } from '../plan/drafts.ts';
import type { D365WriteContext } from './writeContext.ts';

export const CUSTOMER_LINK_KIND = 'customer';
export const CREATE_CUSTOMER_OPERATION = 'd365.createCustomer';

export interface EnsuredCustomer {
  account: string;
  /** The connector created the customer in D365 (now or in the attempt this one completed). */
  created: boolean;
  /** An existing customer's contact data or addresses were written. */
  updated: boolean;
}

type Wanted = ReturnType<typeof addressesWanted>;

export async function ensureCustomer(ctx: D365WriteContext, draft: CustomerDraft): Promise<EnsuredCustomer> {
  const externalId = `${draft.company}/${draft.key}`;
  // Built before any write: a country or name problem must not leave a customer without its addresses.
  const wanted = addressesWanted(draft);
  const contentHash = ctx.once.store.sealer.digest(contentOf(draft));
  const link = await findLink(ctx.once.store.db, ctx.connectionId, CUSTOMER_LINK_KIND, externalId);
  if (link?.contentHash === contentHash) return { account: link.d365Id, created: false, updated: false };

  let account: string;
  let created = false;
  let updated = false;
  if (link) {
    account = link.d365Id;
    updated = await updateContact(ctx, draft, account);
  } else {
    ({ account, created } = await createOnce(ctx, draft, externalId, customerCreateRow(draft)));
  }
  const addressed = await ensureAddresses(ctx, draft, account, wanted);
  await ctx.once.commit((tx) =>
    upsertLink(tx, {
      connectionId: ctx.connectionId,
      entityKind: CUSTOMER_LINK_KIND,
      externalId,
      d365Id: account,
      dataAreaId: draft.company,
      contentHash,
    }),
  );
  return { account, created, updated: !created && (updated || addressed) };
}

/**
 * What the link's hash covers: what the connector keeps in step on an existing customer. Customer group
 * and currency are left out on purpose: once created, they are the D365 users' to change.
 */
function contentOf(draft: CustomerDraft): string {
  return JSON.stringify([
    draft.partyType,
    draft.firstName ?? '',
    draft.lastName ?? '',
    draft.organizationName ?? '',
    draft.email ?? '',
    draft.phone ?? '',
    draft.taxExemptNumber ?? '',
    draft.addresses.map(({ role, address: a }) => [
      role,
      a.name ?? '',
      a.companyName ?? '',
      a.lines,
      a.city ?? '',
      a.stateOrRegion ?? '',
      a.postalCode ?? '',
      a.countryCode ?? '',
    ]),
  ]);
}

async function findByKey(d365: D365Client, draft: CustomerDraft, signal?: AbortSignal) {
  const page = await d365.list(customers, {
    company: draft.company,
    filter: (w) => w.eq('NameAlias', draft.key),
    select: ['CustomerAccount'],
    orderBy: ['CustomerAccount'],
    top: 1,
    signal,
  });
  return page.rows[0]?.CustomerAccount;
}

async function createOnce(
  ctx: D365WriteContext,
  draft: CustomerDraft,
  externalId: string,
  row: ReturnType<typeof customerCreateRow>,
): Promise<{ account: string; created: boolean }> {
  const { d365, signal } = ctx;
  const once = {
    connectionId: ctx.connectionId,
    flow: ctx.flow,
    operation: CREATE_CUSTOMER_OPERATION,
    key: externalId,
    request: { company: draft.company, key: draft.key, kind: draft.kind },
    settleMs: ctx.settleMs,
    check: async () => {
      const account = await findByKey(d365, draft, signal);
      return account ? { account, created: true } : undefined;
    },
    send: async () => {
      // Also looked up when no attempt is pending: the store may be older than D365 (restored backup).
      const existing = await findByKey(d365, draft, signal);
      if (existing) return { account: existing, created: false };
      try {
        const created = await d365.create(customers, row, { company: draft.company, signal });
        return { account: created.CustomerAccount, created: true };
      } catch (error) {
        throw isConnectorError(error) && error.kind === 'data' ? refused(draft, error) : error;
      }
    },
  };
  try {
    return (await performOnce(ctx.once, once)).result;
  } catch (error) {
    // A refusal is definite: nothing was created, so the intent must not make the next attempt check.
    if (isConnectorError(error) && error.context.customerRefused) {
      await rejectIntent(ctx.once, once, 'D365 refused the customer');
    }
    throw error;
  }
}

/** F&O's text as a sentence of ours (it may or may not end with a full stop). */
const sentence = (text: string) => `${text.trim().replace(/[.;:\s]+$/, '')}.`;

function refused(draft: CustomerDraft, error: ConnectorError): ConnectorError {
  return new ConnectorError(
    'data',
    `D365 refused to create customer ${draft.key} (an Amazon ${draft.kind === 'business' ? 'business buyer' : 'buyer'}) ` +
      `in company ${draft.company}. ${sentence(error.message)} Check that customer group '${draft.customerGroup}' ` +
      `(services.import-orders.customers.customerGroup) and currency '${draft.currency}' exist in company ` +
      `${draft.company} and that the fields D365 names are set up, then retry the order.`,
    { cause: error, context: { ...error.context, customerRefused: true, customerKey: draft.key } },
  );
}

/** PATCHes the names and contact data that differ; false when the customer already has them. */
async function updateContact(ctx: D365WriteContext, draft: CustomerDraft, account: string): Promise<boolean> {
  const key = { dataAreaId: draft.company, CustomerAccount: account };
  const current = await ctx.d365.get(customers, key, { company: draft.company, signal: ctx.signal });
  if (!current) {
    throw new ConnectorError(
      'data',
      `Customer ${account} in company ${draft.company}, which the connector created for customer key ` +
        `${draft.key}, no longer exists in D365. Restore it, or give the order another customer account.`,
      { context: { account, customerKey: draft.key } },
    );
  }
  const changes = customerContactChanges(current, draft);
  if (Object.keys(changes).length === 0) return false;
  await ctx.d365.update(customers, key, changes, {
    company: draft.company,
    etag: current['@odata.etag'],
    signal: ctx.signal,
  });
  return true;
}

/** Creates the addresses the customer lacks and adds missing roles; true when anything was written. */
async function ensureAddresses(
  ctx: D365WriteContext,
  draft: CustomerDraft,
  account: string,
  wanted: Wanted,
): Promise<boolean> {
  const { d365, signal } = ctx;
  const rows: Read<RowOf<typeof customerPostalAddresses>>[] = [];
  for await (const row of d365.iterate(customerPostalAddresses, {
    company: draft.company,
    filter: (w) => w.eq('CustomerAccountNumber', account),
    signal,
  })) {
    if (row.Expiration === null || Date.parse(row.Expiration) > Date.now()) rows.push(row);
  }
  let wrote = false;
  for (const w of wanted) {
    const same = findSameAddress(rows, w.address, w.roles[0]!);
    try {
      if (same) {
        const roles = missingRoles(same, w.roles);
        if (!roles) continue;
        const { dataAreaId, CustomerAccountNumber, CustomerLegalEntityId, AddressLocationId, Effective } =
          same;
        const key = {
          dataAreaId,
          CustomerAccountNumber,
          CustomerLegalEntityId,
          AddressLocationId,
          Effective,
        };
        await d365.update(customerPostalAddresses, key, roles, {
          company: draft.company,
          etag: same['@odata.etag'],
          signal,
        });
      } else {
        const primary = !rows.some((r) => r.IsPrimary === 'Yes');
        rows.push(
          await d365.create(customerPostalAddresses, postalAddressRow(draft, account, w, primary), {
            company: draft.company,
            signal,
          }),
        );
      }
      wrote = true;
    } catch (error) {
      if (!isConnectorError(error) || error.kind !== 'data') throw error;
      throw new ConnectorError(
        'data',
        `D365 refused the ${w.roles.join(' and ').toLowerCase()} address of customer ${account} in company ` +
          `${draft.company}. ${sentence(error.message)} Correct the address setup in D365 (country/region, state and ` +
          'ZIP code tables) or the address on Amazon, then retry the order.',
        { cause: error, context: { ...error.context, account } },
      );
    }
  }
  return wrote;
}
