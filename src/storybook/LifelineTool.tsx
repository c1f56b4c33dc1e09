/** @jsxRuntime classic */
/** @jsx React.createElement */
/** @jsxFrag React.Fragment */
// Classic JSX on purpose: Storybook's manager runs its own React (18) as a global and bundles
// manager entries with `React.createElement`; an import of react/jsx-runtime would pull in the
// project's (19) and make elements the manager's React does not accept.
import * as React from 'react';
import { LinkBrokenIcon } from '@storybook/icons';
import { Button } from 'storybook/internal/components';
import { useLifelineSnapshot } from './LifelinePanel';

/**
 * A toolbar button: how many of the story's sockets are open, and a click drops the
 * connection (1006). Nothing in stories without react-lifeline sockets.
 */
export function LifelineTool() {
  const [snapshot, act] = useLifelineSnapshot();
  if (snapshot === null || snapshot.sockets.length === 0) return null;
  const open = snapshot.sockets.filter((socket) => socket.phase === 'open').length;
  const label = `Drop connection (1006): ${open} ${open === 1 ? 'socket' : 'sockets'} open`;
  return (
    <Button variant="ghost" padding="small" ariaLabel={label} tooltip={label} onClick={() => act({ drop: true })}>
      <LinkBrokenIcon />
      <span>{open}</span>
    </Button>
  );
}
