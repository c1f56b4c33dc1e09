import { useCallback, useState } from 'react';
import { describeCloseCode, type CloseInfo } from '../src';

/** A list of what happened, for demos: opens, closes, give-ups. */
export function useTimeline() {
  const [entries, setEntries] = useState<string[]>([]);
  const add = useCallback((entry: string) => {
    const stamp = new Date().toISOString().slice(14, 23);
    setEntries((previous) => [...previous.slice(-49), `${stamp}  ${entry}`]);
  }, []);
  const callbacks = {
    onOpen: () => add('open'),
    onClose: (close: CloseInfo) =>
      add(`close ${close.code} (${describeCloseCode(close.code).name}) by ${close.initiator}, ${close.willRetry ? 'will retry' : 'no retry'}`),
    onGiveUp: (close: CloseInfo) => add(`gave up after ${close.code}`),
  };
  return { entries, add, callbacks };
}
