import { CLOSE_CODES } from '../src/core/closeCodes';
import { closeCodeSummary } from '../src/core/closeCodeSummary';
import { DEFAULT_POLICY } from '../src/core/defaultPolicy';
import { describeCloseCode } from '../src/core/describeCloseCode';
import type { CloseCodeInfo } from '../src/core/types';

const seconds = (ms: number) => `${ms / 1000} s`;

function action(info: CloseCodeInfo): string {
  const rule = DEFAULT_POLICY.codes[info.code];
  if (rule && typeof rule === 'object') {
    const delay = rule.delayMs;
    return typeof delay === 'number' ? `retry after ${seconds(delay)}` : `retry after a random ${seconds(delay[0])}-${seconds(delay[1])} wait`;
  }
  switch (info.retry) {
    case 'never':
      return 'stop';
    case 'backoff':
      return 'retry with backoff';
    case 'delayed':
      return 'retry after a random wait';
    case 'reauth':
      return '`reauthenticate`, then retry';
  }
}

const RANGES: ReadonlyArray<[label: string, sample: number]> = [
  ['0-999', 999],
  ['1016-2999', 1016],
  ['3001-3999 (unlisted)', 3001],
  ['4000-4999', 4000],
  ['5000 and up', 5000],
];

/** The README's close-code table, generated from the registry and the default policy. */
export function closeCodeTable(): string {
  const lines = ['| code | name | on the wire | default action | severity | meaning |', '|---|---|---|---|---|---|'];
  for (const info of Object.values(CLOSE_CODES)) {
    lines.push(`| ${info.code} | ${info.name} | ${info.onWire ? 'yes' : 'no'} | ${action(info)} | ${info.severity} | ${closeCodeSummary(info.code)} |`);
  }
  for (const [label, sample] of RANGES) {
    const info = describeCloseCode(sample);
    lines.push(`| ${label} | ${info.name} | ${info.onWire ? 'yes' : 'no'} | ${action(info)} | ${info.severity} | ${closeCodeSummary(info.code)} |`);
  }
  return lines.join('\n');
}
