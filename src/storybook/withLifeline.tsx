import { useEffect, useLayoutEffect, useState, type ComponentType, type ReactElement, type ReactNode } from 'react';
import { addons } from 'storybook/preview-api';
import { WebSocketProvider } from '../index';
import { checkAction } from './checkAction';
import { createStoryServer, type StoryServer } from './createStoryServer';
import { EVENTS, PARAM_KEY, type LifelineParameters, type LifelineSnapshot } from './protocol';

/** The part of Storybook's story context the decorator reads. */
export interface LifelineStoryContext {
  id: string;
  parameters: { [PARAM_KEY]?: LifelineParameters | undefined } & Record<string, unknown>;
}

/**
 * The addon's decorator: renders the story inside a `WebSocketProvider` whose sockets go to a
 * server the "Sockets" panel drives (see `LifelineParameters`). Registered for every story by
 * `addons: ['react-lifeline/storybook']`; or add it to one story's `decorators` yourself.
 *
 * @example
 * export const Restart: Story = { parameters: { lifeline: { scenario: [{ wait: 2000 }, { restart: 3000 }] } } };
 */
export function withLifeline(Story: ComponentType, context: LifelineStoryContext): ReactElement {
  const parameters = context.parameters[PARAM_KEY];
  if (parameters !== undefined && (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters))) {
    throw new TypeError(`react-lifeline/storybook: parameters.lifeline is ${JSON.stringify(parameters)}: write an object, e.g. { server: 'real' } or { scenario: [...] }.`);
  }
  if (parameters?.disable) return <Story />;
  return (
    <LifelineStory parameters={parameters ?? {}} storyId={context.id}>
      <Story />
    </LifelineStory>
  );
}

const channelOf = () => (addons.hasChannel() ? addons.getChannel() : null);

function LifelineStory({ parameters, storyId, children }: { parameters: LifelineParameters; storyId: string; children: ReactNode }) {
  // Made once per story; a throw here (a bad scenario) is the story's error, with what to write instead.
  const [server] = useState<StoryServer>(() => {
    let pending: LifelineSnapshot | null = null;
    const emit = () => {
      const snapshot = pending;
      pending = null; // first: a listener that acts, or throws, starts the next batch
      channelOf()?.emit(EVENTS.snapshot, snapshot);
    };
    const { server: mode, acceptAfterMs, respond, scenario } = parameters;
    return createStoryServer({
      mode,
      acceptAfterMs,
      respond,
      scenario,
      storyId,
      // One snapshot per task, the last, however many changes it made.
      onChange: (snapshot) => {
        if (!pending) queueMicrotask(emit);
        pending = snapshot;
      },
    });
  });
  // Held before the story's hooks connect (their passive effects): a story shown again finds its server alive.
  useLayoutEffect(() => server.hold(), [server]);
  useEffect(() => {
    const channel = channelOf();
    const send = () => channel?.emit(EVENTS.snapshot, server.snapshot() satisfies LifelineSnapshot);
    const take = (action: unknown) => {
      try {
        server.act(checkAction(action), 'panel');
      } catch (error) {
        console.error(error);
      }
    };
    channel?.on(EVENTS.action, take);
    channel?.on(EVENTS.request, send);
    send();
    return () => {
      channel?.off(EVENTS.action, take);
      channel?.off(EVENTS.request, send);
    };
  }, [server]);
  return (
    <WebSocketProvider WebSocket={server.WebSocket} onClose={server.recordDecision}>
      {children}
    </WebSocketProvider>
  );
}
