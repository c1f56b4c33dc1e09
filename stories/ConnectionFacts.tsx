import type { WebSocketHandle } from '../src';

const time = (at: number | null) => (at === null ? '—' : `${Math.max(0, Math.round((at - Date.now()) / 100) / 10)} s from render`);

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
          ? `${lastClose.code} ${lastClose.meaning.name} · by ${lastClose.initiator} · ${lastClose.willRetry ? 'will retry' : 'no retry'}`
          : '—'}
      </dd>
    </dl>
  );
}
