import { describe, expect, it } from 'vitest';
import { readTabMessage } from '../../../src/plugins/tabs';

const close = { code: 1012, reason: 'r', wasClean: true, at: 1, initiator: 'server', action: 'delayed', willRetry: true, retryAt: 5 };
const state = { status: 'reconnecting', readyState: 3, lastClose: close, attempt: 1, nextRetryAt: 5, error: null, stop: null };

describe('readTabMessage', () => {
  it('accepts every message the tabs send', () => {
    for (const message of [
      { t: 'hello', from: 'a' },
      { t: 'bye', from: 'a' },
      { t: 'ask', from: 'a' },
      { t: 'discard', from: 'a' },
      { t: 'state', from: 'a', state },
      { t: 'state', from: 'a', state: { ...state, lastClose: null, error: { code: 'not-open', message: 'm' } } },
      { t: 'state', from: 'a', state: { ...state, plugins: { resume: { last: { seq: 4, epoch: 'e1' } } } } },
      { t: 'msg', from: 'a', data: 'text' },
      { t: 'msg', from: 'a', data: new ArrayBuffer(2) },
      { t: 'msg', from: 'a', data: new Uint8Array(2) },
      { t: 'send', from: 'a', seq: 3, after: null, data: 'x' },
      { t: 'send', from: 'a', seq: 3, after: 2, data: 'x' },
      { t: 'ack', from: 'a', to: 'b', seq: 3 },
      { t: 'done', from: 'a', to: 'b', seq: 3 },
      { t: 'cmd', from: 'a', seq: 1, name: 'retryNow' },
      { t: 'cmd', from: 'a', seq: 2, name: 'disconnect', code: 4000, reason: '' },
      { t: 'cmd', from: 'a', seq: 3, name: 'simulateClose', code: 1006, reason: '' },
      { t: 'cmd', from: 'a', seq: 3, name: 'simulateClose', code: 1012, reason: 'restart' },
    ])
      expect(readTabMessage(message)).toBe(message);
  });

  it('ignores anything else, without throwing', () => {
    const cyclic: Record<string, unknown> = { t: 'state', from: 'a' };
    cyclic.state = cyclic;
    for (const message of [
      undefined,
      null,
      'hello',
      { t: 'hello' },
      { t: 'hello', from: 1 },
      { t: 'unknown', from: 'a' },
      { t: 'state', from: 'a', state: { ...state, status: 'up' } },
      { t: 'state', from: 'a', state: { ...state, attempt: -1 } },
      { t: 'state', from: 'a', state: { ...state, plugins: 'resume' } },
      { t: 'state', from: 'a', state: { ...state, lastClose: { ...close, initiator: 'moon' } } },
      { t: 'state', from: 'a', state: { ...state, lastClose: { ...close, action: 'sometimes' } } },
      { t: 'state', from: 'a', state: { ...state, error: { code: 1 } } },
      cyclic,
      { t: 'msg', from: 'a', data: { object: true } },
      { t: 'msg', from: 'a' },
      { t: 'send', from: 'a', seq: 1.5, after: null, data: 'x' },
      { t: 'send', from: 'a', seq: 1, data: 'x' },
      { t: 'cmd', from: 'a', seq: 1, name: 'disconnect', code: 1001, reason: '' },
      { t: 'cmd', from: 'a', seq: 1, name: 'disconnect', code: 4000, reason: 'x'.repeat(124) },
      { t: 'cmd', from: 'a', name: 'retryNow' },
      { t: 'done', from: 'a', to: 'b' },
      { t: 'send', from: 'a', seq: 1, after: null, data: 5 },
      { t: 'ack', from: 'a', seq: 1 },
      { t: 'cmd', from: 'a', name: 'dispose' },
      { t: 'cmd', from: 'a', seq: 1, name: 'disconnect', code: 4000 },
      { t: 'cmd', from: 'a', seq: 1, name: 'disconnect', code: -1, reason: '' },
      { t: 'cmd', from: 'a', seq: 1, name: 'simulateClose', code: 1.5, reason: '' },
      { t: 'cmd', from: 'a', seq: 1, name: 'simulateClose', code: 1005, reason: '' },
      { t: 'cmd', from: 'a', seq: 1, name: 'simulateClose', code: 1012 },
    ])
      expect(readTabMessage(message)).toBeNull();
  });
});
