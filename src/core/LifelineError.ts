import { explain } from './explain';

export type LifelineErrorCode =
  | 'invalid-url'
  | 'url-failed'
  | 'no-websocket'
  | 'socket-failed'
  | 'socket-error'
  | 'not-open'
  | 'queue-full'
  | 'queue-discarded'
  | 'send-failed'
  | 'invalid-json'
  | 'parse-failed'
  | 'invalid-policy'
  | 'invalid-option'
  | 'reauth-failed'
  | 'heartbeat-timeout'
  | 'ready-timeout'
  | 'resume-timeout'
  | 'invalid-position'
  | 'callback-failed'
  | 'invalid-data';

/** The facts an error carries; `explain` turns them into a sentence in development builds. */
export interface LifelineErrorDetail {
  /** The option at fault, e.g. `'queue.max'` or `'policy.maxAttempts'`; or the function that threw, e.g. `'onMessage'`. */
  field?: string | undefined;
  /** How many messages a `queue-discarded` error dropped. */
  count?: number | undefined;
  /** The underlying error or event. */
  cause?: unknown;
  /** Where it happened (a status, or which check), and the value at fault, for the sentence. */
  status?: string | undefined;
  got?: unknown;
}

/**
 * Every error react-lifeline reports carries a `code`, so code can branch on it:
 * `if (error.code === 'queue-full')`. Development builds explain what to do in `message`;
 * production builds keep only the code, the field and the count.
 */
export class LifelineError extends Error {
  override readonly name = 'LifelineError';
  readonly code: LifelineErrorCode;
  readonly field: string | undefined;
  readonly count: number | undefined;

  constructor(code: LifelineErrorCode, detail: LifelineErrorDetail = {}) {
    super(
      `react-lifeline: ${process.env.NODE_ENV !== 'production' ? explain(code, detail) : detail.field ? `${code} (${detail.field})` : code}`,
      detail.cause === undefined ? undefined : { cause: detail.cause },
    );
    this.code = code;
    this.field = detail.field;
    this.count = detail.count;
  }
}
