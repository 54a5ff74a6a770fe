import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../errors.ts';
import { badRequest, errorAnswer, notFound } from './httpError.ts';

describe('errorAnswer', () => {
  it.each([
    [
      'unknown flow',
      new ConnectorError('config', 'there is no flow "x" in this version; known flows: a'),
      404,
    ],
    [
      'unknown connection',
      new ConnectorError('config', 'there is no connection "x" in the configuration'),
      404,
    ],
    [
      'unknown record',
      new ConnectorError('data', 'there is no record 7', { context: { notFound: true } }),
      404,
    ],
    ['data conflict', new ConnectorError('data', 'record 7 has no stored payload to replay'), 409],
    [
      'transient',
      new ConnectorError('transient', 'import-test is running for eu1 right now; try again'),
      503,
    ],
    ['other config', new ConnectorError('config', 'cannot decrypt stored personal data'), 500],
    ['bad input', badRequest('invalid parameter', ['limit: too big']), 400],
    ['web not found', notFound('there is no record 3'), 404],
  ])('%s → %d with the message', (_name, error, status) => {
    const answer = errorAnswer(error);
    expect(answer.status).toBe(status);
    expect(answer.body.message).toBe(error.message);
  });

  it('lists problems of bad input', () => {
    expect(errorAnswer(badRequest('invalid parameter', ['a: x', 'b: y'])).body).toEqual({
      error: 'bad_request',
      message: 'invalid parameter',
      problems: ['a: x', 'b: y'],
    });
  });

  it('hides the message of an unexpected error and marks it for the log', () => {
    const answer = errorAnswer(new Error('relation "secret_table" does not exist'));
    expect(answer).toMatchObject({ status: 500, unexpected: true, body: { error: 'internal' } });
    expect(answer.body.message).not.toContain('secret_table');
  });
});
