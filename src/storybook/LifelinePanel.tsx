/** @jsxRuntime classic */
/** @jsx React.createElement */
/** @jsxFrag React.Fragment */
// Classic JSX on purpose: Storybook's manager runs its own React (18) as a global and bundles
// manager entries with `React.createElement`; an import of react/jsx-runtime would pull in the
// project's (19) and make elements the manager's React does not accept.
import * as React from 'react';
import { useCallback, useEffect, useState } from 'react';
import { AddonPanel } from 'storybook/internal/components';
import { useChannel, useStorybookState } from 'storybook/manager-api';
import { LifelinePanelView } from './LifelinePanelView';
import { EVENTS, type LifelineAction, type LifelineSnapshot } from './protocol';

/**
 * The current story's latest snapshot (null until its preview sends one, and again after a
 * story change), and `act` to send it an action. While `listening`, it follows the snapshots
 * and asks the preview for one at once (on mount, on a story change, when listening again),
 * so a panel or a tool that arrives late is not empty.
 */
export function useLifelineSnapshot(listening = true): [snapshot: LifelineSnapshot | null, act: (action: LifelineAction) => void] {
  const { storyId } = useStorybookState();
  const [latest, setLatest] = useState<LifelineSnapshot | null>(null);
  // A new visit, even back to a story seen before, starts empty: the last visit's server is gone.
  const [visiting, setVisiting] = useState(storyId);
  if (visiting !== storyId) {
    setVisiting(storyId);
    setLatest(null);
  }
  const emit = useChannel(
    listening
      ? {
          [EVENTS.snapshot]: (snapshot: LifelineSnapshot | undefined) => {
            // Another story's (a teardown, a story that was left) never replaces this one's.
            if (snapshot?.storyId === storyId) setLatest(snapshot);
          },
        }
      : {},
    [storyId, listening],
  );
  useEffect(() => {
    if (listening) emit(EVENTS.request);
  }, [emit, storyId, listening]);
  const act = useCallback((action: LifelineAction) => emit(EVENTS.action, action), [emit]);
  // Reset on story change: a snapshot kept from the previous story is not shown.
  return [latest?.storyId === storyId ? latest : null, act];
}

/** Epoch ms, ticking every `everyMs` (none while null), for the timeline's "retry in 2.3 s". */
function useNow(everyMs: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (everyMs === null) return undefined;
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/**
 * The "Sockets" panel. Only while active does it listen, ask for a snapshot and tick. (The hooks
 * live here, not in a child of `AddonPanel`: that one shows its previous children for a render
 * after it turns inactive, which would keep such a child listening.)
 */
export function LifelinePanel({ active }: { active: boolean }) {
  const [snapshot, act] = useLifelineSnapshot(active);
  const now = useNow(active ? 250 : null);
  return <AddonPanel active={active}>{active ? <LifelinePanelView snapshot={snapshot} onAction={act} now={now} /> : <></>}</AddonPanel>;
}
