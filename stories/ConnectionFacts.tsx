import { describeCloseCode, type WebSocketHandle } from '../src';

// A clock time in the timeline's format, not a count from render that the live countdown beside it would contradict.
const time = (at: number | null) => (at === null ? '—' : `at ${new Date(at).toISOString().slice(14, 23)}`);

/** The handle's state, as a demo shows it. */
export function ConnectionFacts({ socket }: { socket: WebSocketHandle<unknown> }) {
  const { status, attempt, nextRetryAt, lastClose, online } = socket;
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
      <dd data-testid="last-close">
        {lastClose
          ? `${lastClose.code} ${describeCloseCode(lastClose.code).name} · by ${lastClose.initiator} · ${lastClose.willRetry ? 'will retry' : 'no retry'}`
          : '—'}
      </dd>
    </dl>
  );
}
