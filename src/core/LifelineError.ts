export type LifelineErrorCode =
  | 'invalid-url'
  | 'url-failed'
  | 'no-websocket'
  | 'socket-failed'
  | 'socket-error'
  | 'not-open'
  | 'queue-full'
  | 'send-failed'
  | 'invalid-json'
  | 'parse-failed'
  | 'invalid-policy'
  | 'reauth-failed'
  | 'heartbeat-timeout';

/**
 * Every error react-lifeline reports carries a `code`, so code can branch on it:
 * `if (error instanceof LifelineError && error.code === 'queue-full')`.
 */
export class LifelineError extends Error {
  override readonly name = 'LifelineError';
  readonly code: LifelineErrorCode;

  constructor(code: LifelineErrorCode, message: string, options?: { cause?: unknown }) {
    super(`react-lifeline: ${message}`, options);
    this.code = code;
  }
}
