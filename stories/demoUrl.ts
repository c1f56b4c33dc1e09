/** The demo server (`npm start` runs it on 8787; the browser tests on their own port). */
export const DEMO_URL: string = (import.meta.env.STORYBOOK_DEMO_URL as string | undefined) ?? 'ws://127.0.0.1:8787';

/** A URL on the demo server. A fresh `id` keeps stories from sharing server-side state. */
export function demoUrl(path: string): string {
  const url = new URL(path, DEMO_URL.replace(/^ws/, 'http'));
  url.searchParams.set('id', Math.random().toString(36).slice(2, 10));
  return url.href.replace(/^http/, 'ws');
}
