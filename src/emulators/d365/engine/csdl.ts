// `$metadata`: the CSDL (EDMX 4.0) document of the served model, in F&O's shape — one schema
// `Microsoft.Dynamics.DataEntities`, EntityType = singular public name with Key/PropertyRef, Property with
// Type and `Nullable="false"` where the extract says so, navigation properties between served sets,
// EnumTypes with their members, and the EntityContainer `Resources` with an EntitySet per public collection.
// F&O's AXType/label annotations are not emitted: the extract does not carry them.
import { CONTAINER, NAMESPACE, type MetadataModel } from './metadataModel.ts';

const attr = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function buildCsdl(model: MetadataModel): string {
  const lines: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">',
    '<edmx:DataServices>',
    `<Schema Namespace="${NAMESPACE}" xmlns="http://docs.oasis-open.org/odata/ns/edm">`,
  ];
  for (const set of model.sets) {
    lines.push(`<EntityType Name="${attr(set.entityType)}">`);
    lines.push(`<Key>${set.keys.map((k) => `<PropertyRef Name="${attr(k)}"/>`).join('')}</Key>`);
    for (const f of set.fields)
      lines.push(
        `<Property Name="${attr(f.name)}" Type="${attr(f.edmType)}"${f.nullable ? '' : ' Nullable="false"'}/>`,
      );
    for (const nav of set.navigation) {
      const type = `${NAMESPACE}.${model.set(nav.target)!.entityType}`;
      lines.push(
        `<NavigationProperty Name="${attr(nav.name)}" Type="${attr(nav.many ? `Collection(${type})` : type)}"/>`,
      );
    }
    lines.push('</EntityType>');
  }
  for (const e of model.enums) {
    lines.push(`<EnumType Name="${attr(e.name)}">`);
    for (const m of e.members) lines.push(`<Member Name="${attr(m.name)}" Value="${m.value}"/>`);
    lines.push('</EnumType>');
  }
  lines.push(`<EntityContainer Name="${CONTAINER}">`);
  for (const set of model.sets) {
    const bindings = set.navigation.map(
      (n) => `<NavigationPropertyBinding Path="${attr(n.name)}" Target="${attr(n.target)}"/>`,
    );
    lines.push(
      bindings.length === 0
        ? `<EntitySet Name="${attr(set.name)}" EntityType="${attr(set.qualifiedType)}"/>`
        : `<EntitySet Name="${attr(set.name)}" EntityType="${attr(set.qualifiedType)}">${bindings.join('')}</EntitySet>`,
    );
  }
  lines.push('</EntityContainer>', '</Schema>', '</edmx:DataServices>', '</edmx:Edmx>');
  return lines.join('\n');
}
