/**
 * The report-schedule schemas against Amazon's model: every object's fields and required fields, the
 * closed list of periods in the request — and every static sandbox example of a 2xx answer parses
 * without losing a field.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { compareWithModel, loadModel, sandboxExamples } from '../../../test/support/modelSchemaCompare.ts';
import {
  createReportScheduleResponse,
  createReportScheduleSpecification,
  reportSchedule,
  reportScheduleList,
} from './schemasReportSchedules.ts';

const reports = loadModel('reports_2021-06-30.json');

describe.each([
  ['ReportSchedule', reportSchedule, 'answer'],
  ['ReportScheduleList', reportScheduleList, 'answer'],
  ['CreateReportScheduleResponse', createReportScheduleResponse, 'answer'],
  ['CreateReportScheduleSpecification', createReportScheduleSpecification, 'request'],
] as const)('%s', (name, schema, side) => {
  it('has the model’s fields, required fields and enums', () => {
    const differences: string[] = [];
    compareWithModel(reports, { $ref: `#/definitions/${name}` }, schema, name, differences, side);
    expect(differences).toEqual([]);
  });
});

const ANSWERS: Array<[string, string, z.ZodType]> = [
  ['/reports/2021-06-30/schedules', 'get', reportScheduleList],
  ['/reports/2021-06-30/schedules', 'post', createReportScheduleResponse],
  ['/reports/2021-06-30/schedules/{reportScheduleId}', 'get', reportSchedule],
];

describe('sandbox examples of 2xx answers parse unchanged', () => {
  const examples = ANSWERS.flatMap(([path, method, schema]) =>
    sandboxExamples(reports, path, method)
      .filter(([, status]) => status.startsWith('2'))
      .map(([n, , c]) => [`${method} ${path} ${n}`, c.response, schema] as const),
  );

  it('finds one for each answer', () => {
    expect(examples).toHaveLength(ANSWERS.length);
  });

  it.each(examples)('%s', (_name, example, schema) => {
    expect(schema.parse(example)).toEqual(example);
  });
});
