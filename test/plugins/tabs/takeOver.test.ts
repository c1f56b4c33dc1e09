import { describe, expect, it } from 'vitest';
import { type CloseInfo, type ConnectionState } from '../../../src/core';
import { takeOver } from '../../../src/plugins/tabs/takeOver';

const close = (code: number, patch: Partial<CloseInfo> = {}): CloseInfo => ({
  code,
  reason: '',
  wasClean: true,
  at: 1,
  initiator: 'server',
  action: 'backoff',
  willRetry: true,
  retryAt: 500,
  ...patch,
});
const state = (patch: Partial<ConnectionState>): ConnectionState => ({
  status: 'open',
  readyState: 1,
  lastClose: null,
  lastMessage: undefined,
  messageCount: 0,
  attempt: 0,
  nextRetryAt: null,
  online: true,
  error: null,
  plugins: {},
  ...patch,
});

describe('takeOver: what a tab that gets the lock does with the last leader\'s state', () => {
  it('starts at once when it never heard a leader, or the socket was open or connecting', () => {
    expect(takeOver(null, null)).toEqual({ start: 'now', state: null, reauth: false });
    expect(takeOver(state({}), null)).toMatchObject({ start: 'now', reauth: false });
    expect(takeOver(state({ status: 'connecting', readyState: 0 }), null)).toMatchObject({ start: 'now', reauth: false });
  });

  it('keeps a scheduled retry: its time, and its re-authentication', () => {
    const waiting = state({ status: 'reconnecting', readyState: 3, attempt: 2, nextRetryAt: 500, lastClose: close(1012, { action: 'delayed' }) });
    expect(takeOver(waiting, null)).toEqual({ start: 'at', at: 500, state: waiting, reauth: false });
    const reauth = { ...waiting, lastClose: close(3000, { action: 'reauth' }) };
    expect(takeOver(reauth, null)).toMatchObject({ start: 'at', reauth: true });
  });

  it('carries on a retry under way (no time left), re-authenticating first if its close asked for that', () => {
    const running = state({ status: 'reconnecting', readyState: 3, attempt: 1, lastClose: close(3000, { action: 'reauth', retryAt: null }) });
    expect(takeOver(running, null)).toMatchObject({ start: 'now', reauth: true });
  });

  it('stays stopped after a final close or a give-up, with that close', () => {
    const closed = state({ status: 'closed', readyState: 3, lastClose: close(1008, { action: 'never', willRetry: false, retryAt: null }) });
    expect(takeOver(closed, null)).toEqual({ start: 'never', state: closed });
    const failed = state({ status: 'failed', readyState: 3, lastClose: close(1006, { willRetry: false, retryAt: null }) });
    expect(takeOver(failed, null)).toMatchObject({ start: 'never', state: { status: 'failed' } });
  });

  it("stays stopped after the app's disconnect(), even mid-handshake, with the app's close", () => {
    const closing = state({ status: 'closing', readyState: 2 });
    const next = takeOver(closing, [4000, 'bye']);
    expect(next).toMatchObject({ start: 'never', state: { status: 'closed', readyState: 3, nextRetryAt: null, lastClose: { code: 4000, reason: 'bye', initiator: 'client', action: 'never', willRetry: false } } });
    const waiting = state({ status: 'reconnecting', readyState: 3, nextRetryAt: 500, lastClose: close(1012) });
    expect(takeOver(waiting, [1000, ''])).toMatchObject({ start: 'never', state: { status: 'closed', lastClose: { code: 1000, initiator: 'client' } } });
  });
});
