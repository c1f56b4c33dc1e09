// The outage model of scripts/simulateGiveUp.mjs (scripts/giveUpModel.mjs), checked on cases
// that can be worked out by hand, against the library's sources.
import { describe, expect, it } from 'vitest';
import { graphqlWsClientDecide, giveUpTime, lifelineDecide, simulateGiveUp, type Decide } from '../../scripts/giveUpModel.mjs';
import { decideReconnect } from '../../src/core/decideReconnect';
import { describeCloseCode } from '../../src/core/describeCloseCode';
import { graphqlWsPolicy } from '../../src/presets';
import { resolvePolicy } from '../../src/core/resolvePolicy';
import type { ReconnectPolicyOptions } from '../../src/core/types';
import { seededRandom } from '../../src/testing/seededRandom';

const RUNS = 5000;
const SEED = 20_240_601;
const lifeline = (...layers: ReconnectPolicyOptions[]) => lifelineDecide({ decideReconnect, describeCloseCode }, resolvePolicy(...layers));
const simulate = (decide: Decide, outagesS: number[], options: { code?: number; horizonMs?: number; seed?: number } = {}) =>
  simulateGiveUp({ decide, random: seededRandom(options.seed ?? SEED), runs: RUNS, outagesMs: outagesS.map((s) => s * 1000), ...options });

describe('giveUpModel: no jitter, 1 s × 2, 3 attempts', () => {
  const decide = lifeline({ jitter: 'none', initialDelayMs: 1000, factor: 2, maxAttempts: 3 });

  it('retries at t = 1, 3 and 7 s, seeing 1006 with attempt + 1, then gives up', () => {
    const calls: [number, number, number | null][] = [];
    const recording: Decide = (code, attempt, random) => {
      const wait = decide(code, attempt, random);
      calls.push([code, attempt, wait]);
      return wait;
    };
    expect(giveUpTime(recording, seededRandom(SEED))).toBe(7000);
    expect(calls).toEqual([
      [1006, 0, 1000],
      [1006, 1, 2000],
      [1006, 2, 4000],
      [1006, 3, null],
    ]);
  });

  it('gives up on a 100 s outage always, on a 0.5 s one never, and exactly at 1 + 2 + 4 s', () => {
    const result = simulate(decide, [100, 0.5, 7, 7.001]);
    expect(result.pGiveUp).toEqual([1, 0, 0, 1]); // a retry at t = D succeeds
    expect(result.giveUpMs).toEqual({ min: 7000, p10: 7000, median: 7000, max: 7000 });
  });
});

describe('giveUpModel: graphql-ws client (retryWait, 5 retries)', () => {
  it('never gives up before 1.3 + 2.3 + 4.3 + 8.3 + 16.3 s, always by 31 s + 5 × 2.999 s', () => {
    const result = simulate(graphqlWsClientDecide(), [32.5, 46]);
    expect(result.giveUpMs.min).toBeGreaterThanOrEqual(1300 + 2300 + 4300 + 8300 + 16_300);
    expect(result.giveUpMs.max).toBeLessThanOrEqual(31_000 + 5 * 2999);
    expect(result.pGiveUp).toEqual([0, 1]);
  });

  it('waits 2^retries s + [300, 3000) ms, and stops at retries = retryAttempts', () => {
    const decide = graphqlWsClientDecide();
    expect(decide(1006, 0, () => 0)).toBe(1300);
    expect(decide(1006, 4, () => 0.999_999)).toBe(16_000 + 2999);
    expect(decide(1006, 5, () => 0)).toBeNull();
    expect(decide(4401, 0, () => 0)).toBeNull(); // fatal in graphql-ws
  });

  it('with its default shouldRetry, gives up after the first failed retry', () => {
    const result = simulate(graphqlWsClientDecide({ errorEventsFatal: true }), [1.3, 4]);
    expect(result.giveUpMs.min).toBeGreaterThanOrEqual(1300);
    expect(result.giveUpMs.max).toBeLessThanOrEqual(3999);
    expect(result.pGiveUp).toEqual([0, 1]);
  });
});

describe('giveUpModel: react-lifeline policies', () => {
  it('full jitter from 1 s (the default timing, 5 attempts) gives up by 1 + 2 + 4 + 8 + 16 s, often within 10 s', () => {
    const result = simulate(lifeline({ maxAttempts: 5 }), [10, 31.001]);
    expect(result.giveUpMs.max).toBeLessThanOrEqual(31_000);
    expect(result.pGiveUp[0]).toBeGreaterThan(0);
    expect(result.pGiveUp[0]).toBeLessThan(1);
    expect(result.pGiveUp[1]).toBe(1);
  });

  it('graphqlWsPolicy (equal jitter from 2.5 s, 5 attempts) never gives up before 1.25 + 2.5 + 5 + 10 + 15 s', () => {
    const result = simulate(lifeline(graphqlWsPolicy), [20, 33.75]);
    expect(result.giveUpMs.min).toBeGreaterThanOrEqual(33_750);
    expect(result.giveUpMs.max).toBeLessThanOrEqual(67_500);
    expect(result.pGiveUp).toEqual([0, 0]);
  });

  it('is deterministic for a seed', () => {
    const once = simulate(lifeline({ maxAttempts: 5 }), [5, 10, 20]);
    expect(simulate(lifeline({ maxAttempts: 5 }), [5, 10, 20])).toEqual(once);
    expect(simulate(lifeline({ maxAttempts: 5 }), [5, 10, 20], { seed: SEED + 1 }).pGiveUp).not.toEqual(once.pGiveUp);
  });

  it('a code the policy does not retry stops at t = 0', () => {
    const result = simulate(lifeline(graphqlWsPolicy), [1], { code: 4401 });
    expect(result.stoppedAtOnce).toBe(RUNS);
    expect(result.pGiveUp).toEqual([1]);
  });

  it('a policy that never gives up is cut at the horizon and counted as outlasting it', () => {
    const result = simulate(lifeline({}), [60], { horizonMs: 60_000 });
    expect(result.giveUpMs.min).toBe(Infinity);
    expect(result.pGiveUp).toEqual([0]);
  });
});
