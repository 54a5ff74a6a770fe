/**
 * Reads a `$batch` answer into one outcome per change set sent. The outer status is 200 even when a
 * change set failed, so every part is inspected:
 * - `applied`: the change set answered one 2xx per operation, and nothing else;
 * - `failed`: an operation answered an error (F&O then rolled the whole change set back), or 429;
 * - `notRun`: the answer is complete (its closing delimiter arrived) and has no part for the change set —
 *   OData stops at the first failed change set unless told to continue, so it was not applied and may be
 *   sent again;
 * - `unknown`: the answer cannot say — it was cut off before the change set's part ended (a missing part
 *   of an answer without its closing delimiter is not proof that F&O did not run it: the emulator, like
 *   a service honouring `continue-on-error`, runs the change sets after a failed one), or the part does
 *   not account for every operation. Such a change set may have been applied and must not be resent
 *   blindly.
 */
import { boundaryOf, parseHttpResponse, readMultipart, type HttpMessage } from './multipart.ts';

export interface OperationAnswer {
  contentId?: string;
  status: number;
  headers: Map<string, string>;
  body: string;
}

export type ChangeSetOutcome =
  | { state: 'applied'; answers: OperationAnswer[] }
  /** `failed` is the part that carries F&O's error (or the 429). */
  | { state: 'failed'; failed: OperationAnswer }
  | { state: 'notRun' }
  /** `why` says what was wrong with the answer (never a value from it). */
  | { state: 'unknown'; why: string };

function answerOf(message: HttpMessage, contentId?: string): OperationAnswer {
  return {
    status: message.status,
    headers: message.headers,
    body: message.body,
    ...(contentId ? { contentId } : {}),
  };
}

const isSuccess = (status: number) => status >= 200 && status < 300;
/** A status that was read and is not 2xx: F&O refused the operation. */
const isRefusal = (status: number) => Number.isInteger(status) && !isSuccess(status);

/**
 * @param operationCounts the number of operations of each change set sent, in order
 */
export function decodeBatch(
  text: string,
  contentType: string | null,
  operationCounts: readonly number[],
): ChangeSetOutcome[] {
  const boundary = boundaryOf(contentType);
  if (!boundary) {
    const why = `D365 answered $batch with ${contentType?.split(';')[0] ?? 'no content type'}, not multipart`;
    return operationCounts.map(() => ({ state: 'unknown', why }));
  }
  const outer = readMultipart(text, boundary);
  return operationCounts.map((operationCount, index): ChangeSetOutcome => {
    const part = outer.parts[index];
    if (!part) {
      return outer.closed
        ? { state: 'notRun' }
        : { state: 'unknown', why: 'the $batch answer was cut off before this change set' };
    }
    const contentTypeOfPart = part.headers.get('content-type') ?? '';
    let answers: OperationAnswer[];
    let whole = true;
    if (/^multipart\/mixed/i.test(contentTypeOfPart)) {
      const inner = boundaryOf(contentTypeOfPart);
      if (!inner) return { state: 'unknown', why: 'the change set’s answer has no boundary' };
      const read = readMultipart(part.body, inner);
      whole = read.closed;
      answers = read.parts.map((p) => answerOf(parseHttpResponse(p.body), p.headers.get('content-id')));
    } else {
      answers = [answerOf(parseHttpResponse(part.body), part.headers.get('content-id'))];
    }
    // One refused operation means F&O rolled the change set back, however the rest of the answer looks.
    const failed = answers.find((answer) => isRefusal(answer.status));
    if (failed) return { state: 'failed', failed };
    if (!whole) return { state: 'unknown', why: 'the change set’s answer was cut off' };
    if (answers.some((answer) => !isSuccess(answer.status)))
      return { state: 'unknown', why: 'an operation’s answer has no readable status' };
    if (answers.length !== operationCount) {
      return {
        state: 'unknown',
        why: `the change set answered ${answers.length} of its ${operationCount} operations`,
      };
    }
    return { state: 'applied', answers };
  });
}
