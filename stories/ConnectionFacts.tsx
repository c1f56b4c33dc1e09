import { describeCloseCode, type CloseInfo, type WebSocketHandle } from '../src';
import { clockTime } from './clock';

// A clock time in the timeline's format, not a count from render that the live countdown beside it would contradict.
const time = (at: number | null) => (at === null ? '—' : `at ${clockTime(at)}`);

/** What a story calls the codes it shows: a preset's own names for its codes, over the registry's. */
export type CodeNames = Readonly<Record<number, string>>;

/** A code as the demos write it: "1002 Protocol error", "4004 Authentication failed". */
export const codeName = (code: number, names?: CodeNames) => `${code} ${names?.[code] ?? describeCloseCode(code).name}`;

/**
 * Who closed it, in words: a close a fake socket reports for a code that never travels in a
 * close frame (1004, 1015) was simulated, not sent by any server.
 */
export const closedBy = (close: Pick<CloseInfo, 'code' | 'initiator'>, simulated = false) => (simulated ? 'simulated locally' : `by ${close.initiator}`);

/**
 * The last close, in the tense the connection is in: "will retry" or "no retry" while it is
 * not open, "open again" once it is (never "will retry" beside "Reconnected").
 */
export function lastCloseText(socket: Pick<WebSocketHandle<unknown>, 'status' | 'lastClose'>, names?: CodeNames, simulated = false): string {
  const { lastClose, status } = socket;
  if (!lastClose) return '—';
  const outcome = status === 'open' ? 'open again' : lastClose.willRetry ? 'will retry' : 'no retry';
  return `${codeName(lastClose.code, names)} · ${closedBy(lastClose, simulated)} · ${outcome}`;
}

/** The handle's state, as a demo shows it. */
export function ConnectionFacts({ socket, names, simulated = false }: { socket: WebSocketHandle<unknown>; names?: CodeNames; simulated?: boolean }) {
  const { status, attempt, nextRetryAt, online } = socket;
  return (
    <dl className="facts" aria-label="connection state">
      <dt>status</dt>
      <dd data-testid="status">{status}</dd>
      <dt>attempt</dt>
      <dd data-testid="attempt">{attempt}</dd>
      <dt>next retry</dt>
      <dd>{time(nextRetryAt)}</dd>
      <dt>online</dt>
      <dd>{String(online)}</dd>
      <dt>last close</dt>
      <dd data-testid="last-close">{lastCloseText(socket, names, simulated)}</dd>
    </dl>
  );
}
