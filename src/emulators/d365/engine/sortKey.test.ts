// Sorting by precomputed keys must order rows exactly as comparing the stored values does.
import { describe, expect, it } from 'vitest';
import type { FieldModel } from './metadataModel.ts';
import { compareSortKeys, compareStored, sortKey } from './values.ts';

const field = (kind: FieldModel['kind'], extra: Partial<FieldModel> = {}) =>
  ({ name: 'F', edmType: 'Edm.String', kind, nullable: true, ...extra }) as FieldModel;

const cases: [FieldModel, unknown[]][] = [
  [field('string'), ['b', 'B', 'a', '', 'ä', null, 'A10', 'a9', 'z']],
  [field('decimal'), [3, -1, 0, 2.5, null, 10, 3]],
  [
    field('datetime'),
    [
      '2026-12-01T10:00:00Z',
      '2026-12-01T09:00:00Z',
      null,
      '2026-11-30T23:59:59.999Z',
      '2026-12-01T10:00:00Z',
    ],
  ],
  [field('date'), ['2026-12-02T12:00:00Z', '1900-01-01T12:00:00Z', '2026-12-01T12:00:00Z']],
  [
    field('enum', {
      enumType: {
        name: 'E',
        members: [
          { name: 'Low', value: 0 },
          { name: 'High', value: 5 },
          { name: 'Mid', value: 2 },
        ],
      },
    } as Partial<FieldModel>),
    ['High', 'Low', 'Mid', 'Unknown', null],
  ],
];

describe('sortKey', () => {
  it('compares as compareStored does, for every pair of values of each kind', () => {
    for (const [f, values] of cases)
      for (const a of values)
        for (const b of values)
          expect(
            Math.sign(compareSortKeys(sortKey(f, a), sortKey(f, b))),
            `${f.kind} ${String(a)} ${String(b)}`,
          ).toBe(Math.sign(compareStored(f, a, b)));
  });
});
