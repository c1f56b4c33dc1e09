import { sanitizeReason } from '../feedback/sanitizeReason';
import type { LifelineAction, TimelineEntry } from './types';

/** An action in words: "close 1008 “bad token”", "drop the connection (1006)"... */
export function describeAction(action: LifelineAction): string {
  if ('close' in action) return `close ${action.close}${sanitizeReason(action.reason) ? ` “${sanitizeReason(action.reason)}”` : ''}`;
  if ('drop' in action) return 'drop the connection (1006)';
  if ('restart' in action) return `restart the server (1012), accepting again after ${action.restart / 1000} s`;
  if ('refuse' in action) return action.refuse ? 'refuse handshakes' : 'accept handshakes';
  if ('offline' in action) return 'go offline';
  if ('online' in action) return 'go online';
  if ('stall' in action) return 'stall (answer nothing)';
  return `server message “${sanitizeReason(action.message)}”`;
}

const seconds = (ms: number) => `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
const FROM = { panel: 'Panel', scenario: 'Scenario', devtools: 'Devtools' } as const;

/**
 * A timeline line in words, for the panel and the tests. `now` dates a scheduled retry: before
 * it, "retry in 2.3 s"; after it, "retry set for 5.0 s later". `offline`: the page is offline
 * now, so a retry still to come waits for the network, whatever its timer says.
 */
export function describeEntry(entry: TimelineEntry, now: number = entry.at, offline = false): string {
  switch (entry.kind) {
    case 'connecting':
      return `#${entry.socket} connecting to ${entry.url}`;
    case 'open':
      return `#${entry.socket} open`;
    case 'refused':
      return `#${entry.socket} handshake refused`;
    case 'closed':
      return `${entry.socket === null ? '' : `#${entry.socket} `}closed ${entry.code} ${entry.name} by the ${entry.initiator}${sanitizeReason(entry.reason) ? `: “${sanitizeReason(entry.reason)}”` : ''}`;
    case 'decision':
      if (!entry.willRetry) return entry.reauth ? `${entry.code}: sign-in needed, no retry` : `${entry.code}: no retry`;
      // A retry still to come counts down (or, offline, waits for the network); a past one (done, or called off) says what was set.
      if (offline && !(entry.retryAt !== null && entry.retryAt < now && now > entry.at)) return `${entry.code}: retry once the network is back`;
      if (entry.retryAt !== null && entry.retryAt < now && now > entry.at)
        return `${entry.code}: ${entry.reauth ? 're-authenticate, then ' : ''}retry set for ${seconds(entry.retryAt - entry.at)} later`;
      return `${entry.code}: ${entry.reauth ? 're-authenticate, then ' : ''}retry ${entry.retryAt === null ? 'now' : `in ${seconds(entry.retryAt - now)}`}`;
    case 'action':
      return `${FROM[entry.from]}: ${describeAction(entry.action)}`;
  }
}
