// Types for scripts/giveUpModel.mjs (imported by test/core/simulateGiveUp.test.ts).
import type { decideReconnect as DecideReconnect, describeCloseCode as DescribeCloseCode, ReconnectPolicy } from '../src/core';

/** A wait in ms before the next retry, or null to stop. `attempt` counts retries made so far. */
export type Decide = (code: number, attempt: number, random: () => number) => number | null;

export interface ModelOptions {
  /** The close that starts the outage. Default 1006. */
  code?: number;
  /** The close every failed retry reports. Default 1006. */
  retryCode?: number;
  /** Stop a run whose next retry is due at or after this time (ms) and count it as never giving up. */
  horizonMs?: number;
  maxSteps?: number;
}

export function giveUpTime(decide: Decide, random: () => number, options?: ModelOptions): number;

export function quantile(sorted: ArrayLike<number>, q: number): number;

export interface GiveUpResult {
  runs: number;
  /** P(give up before the outage ends), in the order of `outagesMs`. */
  pGiveUp: number[];
  /** When the client gives up on an outage that never ends (Infinity: still retrying at the horizon). */
  giveUpMs: { min: number; p10: number; median: number; max: number };
  stoppedAtOnce: number;
  /** Every run's give-up time, ascending. */
  times: Float64Array;
}

export function simulateGiveUp(options: ModelOptions & { decide: Decide; random: () => number; runs: number; outagesMs: readonly number[] }): GiveUpResult;

export function lifelineDecide(library: { decideReconnect: typeof DecideReconnect; describeCloseCode: typeof DescribeCloseCode }, policy: ReconnectPolicy): Decide;

export function graphqlWsClientDecide(options?: { retryAttempts?: number; errorEventsFatal?: boolean }): Decide;
