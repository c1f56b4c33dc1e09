import { useCallback, useState } from 'react';
import type { CloseInfo } from '../src';
import { clockTime } from './clock';
import { closedBy, codeName, type CodeNames } from './ConnectionFacts';

/** A list of what happened, for demos: opens, closes, give-ups; with a preset's names for its codes, and 1004/1015 marked simulated. */
export function useTimeline({ names, simulated = false }: { names?: CodeNames; simulated?: boolean } = {}) {
  const [entries, setEntries] = useState<string[]>([]);
  const add = useCallback((entry: string) => {
    const stamp = clockTime(Date.now());
    setEntries((previous) => [...previous.slice(-49), `${stamp}  ${entry}`]);
  }, []);
  const callbacks = {
    onOpen: () => add('open'),
    onClose: (close: CloseInfo) => {
      const [code, ...name] = codeName(close.code, names).split(' ');
      add(`close ${code} (${name.join(' ')}) ${closedBy(close, simulated)}, ${close.willRetry ? 'will retry' : 'no retry'}`);
    },
    onGiveUp: (close: CloseInfo) => add(`gave up after ${close.code}`),
  };
  return { entries, add, callbacks };
}
