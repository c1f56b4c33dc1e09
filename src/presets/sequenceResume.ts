import { resume, type ResumeOptions } from '../plugins/resume/index';

interface SequenceMessage {
  seq?: unknown;
  epoch?: unknown;
  type?: unknown;
}

/**
 * Resume for a stream of numbered messages, on a small JSON protocol (the demo server's):
 * messages carry `{ seq, epoch }`; at every open the client says
 * `{"type":"resume","after":41,"epoch":"e1"}` (`after: null` the first time); the server
 * replays what came after 41, then answers `{"type":"resumed"}`, or `{"type":"refused"}`
 * when it cannot (its buffer is gone, another epoch), or `{"type":"started"}` for a fresh
 * start. Any field of `resume()` may be given to fit another server.
 *
 * @example
 * import { sequenceResume } from 'react-lifeline/presets';
 * useWebSocket(url, { parse: JSON.parse, plugins: [sequenceResume({ onGap: () => refetch() })] });
 */
export function sequenceResume(options: Partial<ResumeOptions<SequenceMessage>> = {}) {
  return resume<SequenceMessage>({
    idOf: (message) =>
      typeof message === 'object' && message !== null && message.seq !== undefined ? ({ seq: message.seq, epoch: message.epoch } as { seq: number; epoch?: string }) : null,
    hello: (last) => JSON.stringify({ type: 'resume', after: last?.seq ?? null, epoch: last?.epoch ?? null }),
    answer: (message) => {
      const type = typeof message === 'object' && message !== null ? message.type : undefined;
      return type === 'resumed' || type === 'refused' || type === 'started' ? type : undefined;
    },
    ...options,
  });
}
