import type { Meta, StoryObj } from '@storybook/react-vite';
import { useMemo, useRef, useState } from 'react';
import { addons } from 'storybook/preview-api';
import { expect, waitFor, within } from 'storybook/test';
import { CloseBanner, useWebSocket } from '../src';
import type { ResumeGap, ResumeState } from '../src/plugins/resume';
import { sequenceResume } from '../src/presets';
import { EVENTS, type LifelineAction, type LifelineParameters } from '../src/storybook';
import { demoUrl } from './demoUrl';
import { expectAccessible } from './expectAccessible';

interface Tick {
  seq: number;
  epoch: string;
  data: { time: string } | null;
}

/**
 * A live ticker on the demo server's resumable stream (`/stream`): numbered messages, the last
 * `buffer` kept for replays. `sequenceResume` asks for what was missed on every reconnect.
 */
function Ticker({ every, buffer, hint }: { every: number; buffer: number; hint: string }) {
  const [url] = useState(() => demoUrl(`/stream?every=${every}&buffer=${buffer}`));
  const [ticks, setTicks] = useState<Tick[]>([]);
  const [gaps, setGaps] = useState<ResumeGap[]>([]);
  const seen = useRef(new Set<number>());
  const [doubles, setDoubles] = useState(0);
  const plugins = useMemo(() => [sequenceResume({ onGap: (gap) => setGaps((before) => [...before, gap]) })], []);
  const socket = useWebSocket(url, {
    parse: (data) => JSON.parse(String(data)) as Tick,
    plugins,
    policy: { initialDelayMs: 500, jitter: 'none', codes: { 1012: { delayMs: 1000 } } },
    onMessage: (tick) => {
      if (seen.current.has(tick.seq)) setDoubles((count) => count + 1);
      seen.current.add(tick.seq);
      setTicks((before) => [...before.slice(-7), tick]);
    },
  });
  const resume = socket.plugins.resume as ResumeState | undefined;
  return (
    <div className="demo">
      <p className="callout">{hint}</p>
      <CloseBanner socket={socket} />
      <dl className="facts">
        <dt>status</dt>
        <dd data-testid="status">{socket.status}</dd>
        <dt>delivered</dt>
        <dd data-testid="delivered">{seen.current.size}</dd>
        <dt>delivered twice</dt>
        <dd data-testid="doubles">{doubles}</dd>
        <dt>last position</dt>
        <dd data-testid="last">{resume?.last ? `${resume.last.seq} (${resume.last.epoch})` : 'none yet'}</dd>
        <dt>gaps reported</dt>
        <dd data-testid="gaps">{gaps.length}</dd>
      </dl>
      {gaps.length > 0 && (
        <p role="status" data-testid="gap-report">
          Missed messages after #{gaps.at(-1)!.after?.seq ?? '–'}: the server could not replay them ({gaps.at(-1)!.kind}). An app refetches here.
        </p>
      )}
      <ul aria-label="Ticks">
        {ticks.map((tick) => (
          <li key={`${tick.epoch}-${tick.seq}`}>
            #{tick.seq} {tick.data?.time ?? ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

const meta = {
  title: 'Plug-ins/Resume after reconnect',
  parameters: {
    lifeline: { server: 'real' } satisfies LifelineParameters,
    docs: {
      description: {
        component:
          "`resume()` from `react-lifeline/resume` (here its `sequenceResume` preset): the last position delivered is remembered, asked for again on every reconnect, what a replay sends twice is dropped, and a loss the server cannot replay is reported once. Drop or restart the server from the **Sockets** panel.",
      },
    },
  },
} satisfies Meta;
export default meta;
type Story = StoryObj;

const count = (canvas: ReturnType<typeof within>, id: string) => Number(canvas.getByTestId(id).textContent);

export const LiveTicker: Story = {
  name: 'Live ticker: Drop and Restart lose nothing',
  render: () => (
    <Ticker
      every={250}
      buffer={200}
      hint="A numbered message every 250 ms; the server keeps the last 200. Press Drop or Restart in the Sockets panel: after the reconnect the missed ticks arrive, none twice, no gap."
    />
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(count(canvas, 'delivered')).toBeGreaterThanOrEqual(3), { timeout: 10_000 });
    addons.getChannel().emit(EVENTS.action, { drop: true } satisfies LifelineAction); // the panel's Drop
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 10_000 });
    const before = count(canvas, 'delivered');
    await waitFor(() => expect(count(canvas, 'delivered')).toBeGreaterThan(before + 2), { timeout: 10_000 });
    await expect(count(canvas, 'doubles')).toBe(0);
    await expect(count(canvas, 'gaps')).toBe(0);
    // Contiguous: the last position is the count of what was delivered.
    await expect(canvas.getByTestId('last').textContent).toMatch(new RegExp(`^${count(canvas, 'delivered')} `));
    await expectAccessible(canvasElement);
  },
};

export const OutageOutlastsTheBuffer: Story = {
  name: 'Outage outlasts the buffer: one gap report',
  parameters: { lifeline: { server: 'real', scenario: [{ wait: 1500 }, { restart: 4000 }] } satisfies LifelineParameters },
  render: () => (
    <Ticker
      every={100}
      buffer={10}
      hint="A message every 100 ms, the last 10 kept (1 s). The scenario restarts the server for 4 s: the server refuses to resume, and the loss is reported once instead of passing silently."
    />
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('gap-report')).toBeVisible(), { timeout: 20_000 });
    await expect(count(canvas, 'gaps')).toBe(1);
    await expect(count(canvas, 'doubles')).toBe(0);
  },
};
