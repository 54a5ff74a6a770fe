// What PostgreSQL's jsonb cannot hold (NUL, unpaired surrogates) is replaced before a payload is stored.
import { describe, expect, it } from 'vitest';
import { storable } from './payloads.ts';

describe('storable', () => {
  it('replaces NUL and unpaired surrogates in values and keys, and keeps everything else', () => {
    const body = {
      title: 'Demo\u0000Headphones',
      broken: ['emoji \ud83d here', 'tail \ude00'],
      ['key\u0000']: 1,
      fine: 'Zoë 🦄 山田 שרה',
      n: 42,
      nothing: null,
      yes: true,
    };
    expect(storable(body)).toEqual({
      title: 'Demo\uFFFDHeadphones',
      broken: ['emoji \uFFFD here', 'tail \uFFFD'],
      ['key\uFFFD']: 1,
      fine: 'Zoë 🦄 山田 שרה',
      n: 42,
      nothing: null,
      yes: true,
    });
  });
});
