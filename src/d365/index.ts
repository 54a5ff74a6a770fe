/**
 * The D365 F&O client's public surface for flows and main.ts: the client, its types, and the entity
 * modules (descriptors plus typed functions). Nothing outside `src/d365` should need a deeper import.
 */
export { createD365Client, type D365Client, type D365ClientOptions } from './client.ts';
export type { D365Certificate, D365Connection } from './connection.ts';
export { connectionFromConfig } from './connectionFromConfig.ts';
export type { ExchangeLogger, ExchangeRecord } from './exchangeLog.ts';
export type { Page, ReadOptions, ReadRow } from './reads.ts';
export type { ChangeSetResult, OperationResult } from './batch/runBatch.ts';
export type { PreparedWrite, WriteOptions } from './writeRequests.ts';
export type { WriteCallOptions } from './writes.ts';
export type { CompanyScope, ReadQuery } from './odata/query.ts';
export type { Filter, FilterBuilder } from './odata/filter.ts';
export type { AnyEntity, EntityDescriptor, KeyOf, Read, RowOf } from './entity/descriptor.ts';
export { createdRow, type EntityApi } from './entity/entityApi.ts';
export * as enums from './entity/enums.ts';
export { allEntities } from './entities/catalog.ts';
export * from './entities/customers.ts';
export * from './entities/inventory.ts';
export * from './entities/pricing.ts';
export * from './entities/productIdentifiers.ts';
export * from './entities/products.ts';
export * from './entities/productVariants.ts';
export * from './entities/purchasing.ts';
export * from './entities/reference.ts';
export * from './entities/salesOrderLines.ts';
export * from './entities/salesOrders.ts';
export * from './entities/shipping.ts';
