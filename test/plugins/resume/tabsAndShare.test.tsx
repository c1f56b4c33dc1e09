import { act, render, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createResumableStream } from '../../../demo/resumableStream.mjs';
import { sharedSockets } from '../../../src/plugins/share';
import { sequenceResume } from '../../../src/presets';
import { WebSocketProvider } from '../../../src/react/WebSocketProvider';
import { useWebSocket } from '../../../src/react/useWebSocket';
import { createFakeServer, type FakeWebSocket } from '../../../src/testing/createFakeServer';
import { mountTab, settle } from '../tabs/tabHarness';
import { createFakeBrowser } from '../../../src/testing/createFakeBrowser';

const parse = (data: unknown) => JSON.parse(String(data)) as unknown;
const seqs = (messages: unknown[]) => messages.flatMap((message) => ((message as { seq?: number }).seq === undefined ? [] : [(message as { seq: number }).seq]));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

/** The stream's server side over fake sockets: answers each socket's hello, then sends it what is new. */
function streamOver() {
  const stream = createResumableStream({ buffer: 50 });
  let live: FakeWebSocket | null = null;
  return {
    stream,
    serve(socket: FakeWebSocket) {
      for (const frame of stream.answer(socket.sent[0]) ?? []) socket.message(frame);
      live = socket;
    },
    produce(count: number) {
      for (let n = 0; n < count; n += 1) {
        const frame = stream.next();
        if (live?.readyState === 1) live.message(frame);
      }
    },
  };
}

describe('resume with shared sockets', () => {
  it("share: 'tabs': the leader tab closes mid-stream; the next leader resumes from the last position the tabs were given, and no tab loses or doubles a message", async () => {
    const browser = createFakeBrowser();
    const server = createFakeServer();
    const feed = streamOver();
    const options = { extra: () => ({ parse, plugins: [sequenceResume()] }) };
    const tabs = [0, 1, 2].map((index) => mountTab(browser, server, index, options));
    await settle();
    act(() => {
      server.last().accept();
      feed.serve(server.last());
    });
    await settle();
    expect(tabs.map((tab) => tab.handle().status)).toEqual(['open', 'open', 'open']);
    act(() => feed.produce(5));
    await settle();
    expect(tabs.map((tab) => seqs(tab.received))).toEqual([range(1, 5), range(1, 5), range(1, 5)]);
    act(() => {
      feed.produce(3); // the leader gets 6-8 just before its tab goes
      browser.closeTab(0);
      tabs[0]!.unmount();
      feed.produce(4); // 9-12 while no tab holds the socket
    });
    await settle();
    expect(server.sockets).toHaveLength(2);
    act(() => {
      server.last().accept();
      expect(JSON.parse(String(server.last().sent[0]))).toEqual({ type: 'resume', after: 8, epoch: 'e1' });
      feed.serve(server.last());
      feed.produce(2);
    });
    await settle();
    expect(seqs(tabs[1]!.received)).toEqual(range(1, 14));
    expect(seqs(tabs[2]!.received)).toEqual(range(1, 14));
    for (const tab of tabs.slice(1)) tab.unmount();
  });

  it('share: true with 3 hooks: each hook hears each message once across a drop and a resume', async () => {
    const server = createFakeServer();
    const feed = streamOver();
    const heard: number[][] = [[], [], []];
    const plugins = [sequenceResume()];
    function Hook({ index }: { index: number }) {
      useWebSocket('ws://127.0.0.1:9/stream', {
        share: true,
        parse,
        plugins,
        policy: { initialDelayMs: 10, jitter: 'none' },
        onMessage: (message) => void heard[index]!.push(...seqs([message])),
      });
      return null;
    }
    const { unmount } = render(
      <WebSocketProvider WebSocket={server.WebSocket} share={sharedSockets()}>
        <Hook index={0} />
        <Hook index={1} />
        <Hook index={2} />
      </WebSocketProvider>,
    );
    act(() => {
      server.last().accept();
      feed.serve(server.last());
      feed.produce(4);
      server.last().drop();
      feed.produce(3);
    });
    await waitFor(() => expect(server.sockets).toHaveLength(2), { timeout: 10_000 }); // the retry (10 ms)
    act(() => {
      server.last().accept();
      expect(JSON.parse(String(server.last().sent[0]))).toMatchObject({ after: 4 });
      feed.serve(server.last());
      feed.produce(2);
    });
    expect(heard).toEqual([range(1, 9), range(1, 9), range(1, 9)]);
    unmount();
  });
});
