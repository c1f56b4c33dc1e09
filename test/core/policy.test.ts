import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/core/backoffDelay';
import { decideReconnect } from '../../src/core/decideReconnect';
import { outcome } from '../helpers/outcome';
import { DEFAULT_POLICY } from '../../src/core/defaultPolicy';
import { describeCloseCode } from '../../src/core/describeCloseCode';
import { LifelineError } from '../../src/core/LifelineError';
import { mergePolicy } from '../../src/core/mergePolicy';
import { resolvePolicy } from '../../src/core/resolvePolicy';
import type { CloseInitiator, ReconnectPolicyOptions } from '../../src/core/types';
import { seededRandom } from '../helpers/seededRandom';

const close = (code: number, initiator: CloseInitiator = code === 1006 ? 'network' : 'server') => ({
  code,
  reason: '',
  wasClean: code !== 1006,
  at: 0,
  initiator,
  meaning: describeCloseCode(code),
});

describe('mergePolicy', () => {
  it('merges defaults <- outer provider <- inner provider <- hook, shallow per field', () => {
    const merged = mergePolicy(
      { maxAttempts: 5, initialDelayMs: 100 },
      { maxAttempts: 7, jitter: 'none' },
      { initialDelayMs: undefined, factor: 3 },
      { maxAttempts: 9 },
    );
    expect(merged).toEqual({ maxAttempts: 9, initialDelayMs: 100, jitter: 'none', factor: 3 });
  });

  it('merges codes per code', () => {
    const merged = mergePolicy({ codes: { 4001: 'reauth', 4002: 'never' } }, null, { codes: { 4002: 'backoff', 4003: { delayMs: 5 } } });
    expect(merged.codes).toEqual({ 4001: 'reauth', 4002: 'backoff', 4003: { delayMs: 5 } });
  });

  it('keeps the built-in windows for 1012 and 1013 when a layer adds other codes', () => {
    const policy = resolvePolicy({ codes: { 4000: 'backoff' } });
    expect(policy.codes[1012]).toEqual({ delayMs: [5000, 30_000] });
    expect(policy.codes[4000]).toBe('backoff');
  });
});

describe('resolvePolicy', () => {
  it('returns the defaults of API.md', () => {
    expect(resolvePolicy()).toMatchObject({
      maxAttempts: Infinity,
      initialDelayMs: 1000,
      maxDelayMs: 30_000,
      factor: 2,
      jitter: 'full',
      stableAfterMs: 5000,
      pauseWhileOffline: true,
      reconnectOnOnline: true,
    });
  });

  it.each<[string, ReconnectPolicyOptions, RegExp]>([
    ['negative delay', { initialDelayMs: -1 }, /policy\.initialDelayMs must be a finite number of ms >= 0, got -1/],
    ['NaN delay', { maxDelayMs: Number.NaN }, /policy\.maxDelayMs .* got NaN/],
    ['infinite delay', { stableAfterMs: Infinity }, /policy\.stableAfterMs/],
    ['factor below 1', { factor: 0.5 }, /policy\.factor must be a finite number >= 1, got 0\.5/],
    ['negative maxAttempts', { maxAttempts: -1 }, /policy\.maxAttempts must be a whole number >= 0 or Infinity, got -1/],
    ['fractional maxAttempts', { maxAttempts: 1.5 }, /policy\.maxAttempts/],
    ['NaN maxAttempts', { maxAttempts: Number.NaN }, /policy\.maxAttempts/],
    ['unknown jitter', { jitter: 'some' as 'full' }, /policy\.jitter/],
    ['non-integer code key', { codes: { 'abc': 'never' } as never }, /policy\.codes\["abc"\] must be keyed by whole close codes/],
    ['fractional code key', { codes: { '4000.5': 'never' } as never }, /policy\.codes\["4000\.5"\]/],
    ['unknown advice', { codes: { 4000: 'sometimes' as 'never' } }, /policy\.codes\.4000 must be one of never, backoff, delayed, reauth/],
    ['negative code delay', { codes: { 4000: { delayMs: -5 } } }, /policy\.codes\.4000\.delayMs/],
    ['inverted window', { codes: { 4000: { delayMs: [10, 5] } } }, /policy\.codes\.4000\.delayMs must be a \[min, max\] window/],
    ['non-boolean flag', { pauseWhileOffline: 'yes' as unknown as boolean }, /policy\.pauseWhileOffline must be true or false/],
    ['non-function callback', { shouldReconnect: 5 as never }, /policy\.shouldReconnect must be a function/],
  ])('rejects a %s with an error naming the field', (_label, options, message) => {
    let caught: unknown;
    try {
      resolvePolicy(options);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LifelineError);
    expect((caught as LifelineError).code).toBe('invalid-policy');
    expect((caught as Error).message).toMatch(message);
  });

  it('does not touch the defaults', () => {
    resolvePolicy({ maxAttempts: 3, codes: { 4000: 'backoff' } });
    expect(DEFAULT_POLICY.maxAttempts).toBe(Infinity);
    expect(DEFAULT_POLICY.codes[4000]).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  const policy = resolvePolicy();

  it('grows exponentially and caps at maxDelayMs without jitter', () => {
    const none = { ...policy, jitter: 'none' as const };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, none))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('keeps every full-jitter delay before attempt n in [0, min(30000, 1000 * 2^n)] (seeded)', () => {
    const random = seededRandom(42);
    for (let n = 1; n <= 20; n += 1) {
      for (let i = 0; i < 500; i += 1) {
        const delay = backoffDelay(n, policy, random);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(Math.min(30_000, 1000 * 2 ** n));
        expect(delay).toBeLessThanOrEqual(Math.min(30_000, 1000 * 2 ** (n - 1)));
      }
    }
  });

  it('spreads full-jitter delays uniformly over [0, cap] (a distribution, not one value)', () => {
    const random = seededRandom(7);
    const cap = 16_000; // attempt 5
    const samples = Array.from({ length: 20_000 }, () => backoffDelay(5, policy, random));
    const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
    expect(mean).toBeGreaterThan(cap * 0.48);
    expect(mean).toBeLessThan(cap * 0.52);
    // Ten equal bins each hold about a tenth: chi-square with 9 degrees of freedom, p > 0.001.
    const bins = new Array<number>(10).fill(0);
    for (const value of samples) bins[Math.min(9, Math.floor((value / cap) * 10))]! += 1;
    const expected = samples.length / 10;
    const chiSquare = bins.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(27.88);
    expect(new Set(samples).size).toBeGreaterThan(5000);
  });

  it('keeps equal-jitter delays in [cap/2, cap]', () => {
    const random = seededRandom(3);
    const equal = { ...policy, jitter: 'equal' as const };
    const samples = Array.from({ length: 5000 }, () => backoffDelay(3, equal, random));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(2000);
    expect(Math.max(...samples)).toBeLessThanOrEqual(4000);
    expect(Math.max(...samples) - Math.min(...samples)).toBeGreaterThan(1900);
  });
});

describe('decideReconnect with the default policy', () => {
  const policy = resolvePolicy();

  it.each([
    [1000, 'stop'],
    [1001, 'retry'],
    [1002, 'stop'],
    [1003, 'stop'],
    [1005, 'retry'],
    [1006, 'retry'],
    [1007, 'stop'],
    [1008, 'stop'],
    [1009, 'stop'],
    [1010, 'stop'],
    [1011, 'retry'],
    [1012, 'retry'],
    [1013, 'retry'],
    [1014, 'retry'],
    [1015, 'stop'],
    [3000, 'stop'], // reauth without a reauthenticate callback cannot help
    [3003, 'stop'],
    [3008, 'retry'],
    [999, 'stop'],
    [2000, 'retry'],
    [3500, 'stop'],
    [4000, 'stop'],
    [5000, 'stop'],
  ])('after %i: %s', (code, action) => {
    expect(outcome(decideReconnect(close(code), 0, policy, seededRandom(1)))).toBe(action);
  });

  it('waits within 5-30 s after 1012 and 10-60 s after 1013, spread over the window', () => {
    const random = seededRandom(11);
    for (const [code, min, max] of [[1012, 5000, 30_000], [1013, 10_000, 60_000]] as const) {
      const delays = Array.from({ length: 5000 }, () => {
        const decision = decideReconnect(close(code), 0, policy, random);
        if (decision.delayMs === null) throw new Error('expected a retry');
        return decision.delayMs;
      });
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(min);
      expect(Math.max(...delays)).toBeLessThanOrEqual(max);
      const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
      expect(Math.abs(mean - (min + max) / 2)).toBeLessThan((max - min) * 0.03);
    }
  });

  it('backs off after 1006 by attempt number', () => {
    const none = resolvePolicy({ jitter: 'none' });
    expect(decideReconnect(close(1006), 0, none)).toEqual({ action: 'backoff', delayMs: 1000, giveUp: false });
    expect(decideReconnect(close(1006), 3, none)).toEqual({ action: 'backoff', delayMs: 8000, giveUp: false });
  });

  it('re-authenticates on 3000 when the policy can', () => {
    const reauth = resolvePolicy({ reauthenticate: () => {}, jitter: 'none' });
    expect(decideReconnect(close(3000), 0, reauth)).toEqual({ action: 'reauth', delayMs: 1000, giveUp: false });
  });
});

describe('decideReconnect with overrides', () => {
  it('gives up once maxAttempts retries were made', () => {
    const policy = resolvePolicy({ maxAttempts: 2 });
    expect(outcome(decideReconnect(close(1006), 1, policy))).toBe('retry');
    expect(outcome(decideReconnect(close(1006), 2, policy))).toBe('give-up');
    expect(outcome(decideReconnect(close(1006), 0, resolvePolicy({ maxAttempts: 0 })))).toBe('give-up');
  });

  it('follows per-code rules: advice, fixed delay, window', () => {
    const policy = resolvePolicy({ codes: { 1006: 'never', 4001: 'backoff', 4002: { delayMs: 250 }, 4003: { delayMs: [100, 200] } } });
    expect(outcome(decideReconnect(close(1006), 0, policy))).toBe('stop');
    expect(outcome(decideReconnect(close(4001), 0, policy))).toBe('retry');
    expect(decideReconnect(close(4002), 0, policy)).toEqual({ action: 'delayed', delayMs: 250, giveUp: false });
    const windowed = decideReconnect(close(4003), 0, policy, () => 0.5);
    expect(windowed).toEqual({ action: 'delayed', delayMs: 150, giveUp: false });
  });

  it('lets shouldReconnect have the final say, and undefined keep the table', () => {
    const calls: Array<[number, boolean, number]> = [];
    const policy = resolvePolicy({
      shouldReconnect: (info, attempt) => {
        calls.push([info.code, info.willRetry, attempt]);
        if (info.code === 1008) return true;
        if (info.code === 1006) return false;
        return undefined;
      },
    });
    expect(outcome(decideReconnect(close(1008), 0, policy))).toBe('retry');
    expect(outcome(decideReconnect(close(1006), 4, policy))).toBe('stop');
    expect(outcome(decideReconnect(close(1001), 0, policy))).toBe('retry');
    expect(outcome(decideReconnect(close(1000), 0, policy))).toBe('stop');
    expect(calls).toEqual([[1008, false, 1], [1006, true, 5], [1001, true, 1], [1000, false, 1]]);
  });

  it("treats a bare 'delayed' as a random wait between initialDelayMs and maxDelayMs", () => {
    const policy = resolvePolicy({ codes: { 4000: 'delayed' }, initialDelayMs: 100, maxDelayMs: 300 });
    expect(decideReconnect(close(4000), 0, policy, () => 0)).toMatchObject({ delayMs: 100 });
    expect(decideReconnect(close(4000), 0, policy, () => 0.999_999)).toMatchObject({ delayMs: 300 });
  });
});
