/**
 * The JSON body of a write. Only the fields the caller set are sent (F&O defaults the rest in its own
 * create pipeline — sending unset fields would overwrite those defaults). Dates go back in F&O's form
 * (Date fields at T12:00:00Z, "no date" as the 1900 sentinel), enum members are checked, and the
 * company is carried by `dataAreaId` in the body: that is how F&O picks the legal entity of a write.
 */
import { ConnectorError } from '../../errors.ts';
import { enumLiteral } from '../odata/literals.ts';
import type { AnyEntity, FieldMap } from './descriptor.ts';
import { writeDate, writeDateTime } from './fields.ts';

export interface PayloadOptions {
  /** The company of the write; must agree with a `dataAreaId` in the data. */
  company?: string;
  /** PATCH bodies leave the key out: the URL names the record, and F&O refuses key changes. */
  omitKeys?: boolean;
}

export function toPayload(
  entity: AnyEntity,
  data: Record<string, unknown>,
  options: PayloadOptions = {},
): Record<string, unknown> {
  const fields = entity.fields as FieldMap;
  const keys = entity.keys as readonly string[];
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data)) {
    if (value === undefined || name.startsWith('@')) continue;
    if (options.omitKeys && keys.includes(name)) continue;
    const field = fields[name];
    if (!field)
      throw new ConnectorError('config', `${entity.entitySet} has no field ${name} in its descriptor`);
    if (field.kind === 'date') body[name] = writeDate(value as string | null);
    else if (field.kind === 'dateTime') body[name] = writeDateTime(value as string | null);
    else if (field.kind === 'enum') {
      enumLiteral(field.enumDef!, value as string, name); // throws on a member F&O does not have
      body[name] = value;
    } else if (field.kind === 'string' && value === null) body[name] = '';
    else body[name] = value;
  }
  if (entity.companyScoped && !options.omitKeys) {
    const company = (body.dataAreaId as string | undefined) ?? options.company;
    if (!company) {
      throw new ConnectorError('config', `${entity.entitySet}: no company (dataAreaId) given for the write`);
    }
    if (options.company && company.toLowerCase() !== options.company.toLowerCase()) {
      throw new ConnectorError(
        'config',
        `${entity.entitySet}: the record is for company ${company} but the call is for ${options.company}`,
      );
    }
    body.dataAreaId = company;
  }
  return body;
}
