import { resume, type ResumeOptions } from '../plugins/resume/index';

/**
 * Resume as Server-Sent Events do with Last-Event-ID: the last event id delivered goes into
 * the URL of every reconnect (`?lastEventId=41`), and the server sends what came after it.
 * Events carry an `id` (JSON `{ "id": 42, ... }`): numbers are a sequence (a jump is reported
 * as a gap), strings are event ids (a replayed one is dropped).
 *
 * @example
 * import { lastEventIdResume } from 'react-lifeline/presets';
 * useWebSocket('wss://example.com/events', { plugins: [lastEventIdResume({ onGap: () => refetch() })] });
 */
export function lastEventIdResume(options: Partial<ResumeOptions<{ id?: unknown }>> & { param?: string | undefined } = {}) {
  const { param = 'lastEventId', ...rest } = options;
  return resume<{ id?: unknown }>({
    idOf: (message) => {
      const id = typeof message === 'object' && message !== null ? message.id : undefined;
      return typeof id === 'number' || typeof id === 'string' ? id : null;
    },
    url: (href, last) => {
      if (!last) return href;
      const next = new URL(href);
      next.searchParams.set(param, String(last.seq ?? last.id));
      return next.href;
    },
    ...rest,
  });
}
