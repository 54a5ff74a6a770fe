/**
 * Reads a `$batch` answer into one outcome per change set sent. The outer status is 200 even when a
 * change set failed, so every part is inspected: a change set succeeded only if each of its operations
 * answered 2xx. A change set with no part at all was not run (OData stops at the first failed change
 * set unless told to continue) — it was not applied, so it may simply be sent again.
 */
import { ConnectorError } from '../../errors.ts';
import { boundaryOf, parseHttpResponse, splitMultipart, type HttpMessage } from './multipart.ts';

export interface OperationAnswer {
  contentId?: string;
  status: number;
  headers: Map<string, string>;
  body: string;
}

export type ChangeSetOutcome =
  | { ok: true; answers: OperationAnswer[] }
  /** `failed` is the part that carries F&O's error; absent when the change set was not run. */
  | { ok: false; executed: boolean; failed?: OperationAnswer };

function answerOf(message: HttpMessage, contentId?: string): OperationAnswer {
  return {
    status: message.status,
    headers: message.headers,
    body: message.body,
    ...(contentId ? { contentId } : {}),
  };
}

const isSuccess = (status: number) => status >= 200 && status < 300;

export function decodeBatch(
  text: string,
  contentType: string | null,
  changeSetCount: number,
): ChangeSetOutcome[] {
  const boundary = boundaryOf(contentType);
  if (!boundary) {
    throw new ConnectorError(
      'remote',
      `D365 answered $batch with ${contentType ?? 'no content type'}, not multipart`,
    );
  }
  const parts = splitMultipart(text, boundary);
  const outcomes: ChangeSetOutcome[] = [];
  for (let index = 0; index < changeSetCount; index += 1) {
    const part = parts[index];
    if (!part) {
      outcomes.push({ ok: false, executed: false });
      continue;
    }
    const contentTypeOfPart = part.headers.get('content-type') ?? '';
    let answers: OperationAnswer[];
    if (/^multipart\/mixed/i.test(contentTypeOfPart)) {
      const inner = boundaryOf(contentTypeOfPart);
      if (!inner)
        throw new ConnectorError('remote', 'D365 $batch answer has a change set without a boundary');
      answers = splitMultipart(part.body, inner).map((p) =>
        answerOf(parseHttpResponse(p.body), p.headers.get('content-id')),
      );
    } else {
      answers = [answerOf(parseHttpResponse(part.body), part.headers.get('content-id'))];
    }
    const failed = answers.find((answer) => !isSuccess(answer.status));
    outcomes.push(
      failed || answers.length === 0
        ? { ok: false, executed: true, ...(failed ? { failed } : {}) }
        : { ok: true, answers },
    );
  }
  return outcomes;
}
