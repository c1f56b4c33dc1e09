import type { WorkerLike } from '../../src/plugins/keepalive';

/** A dedicated Worker running the keepalive clock's protocol on the test's (fake) timers; `crash()` makes it fail. Reset `made` before each test. */
export class FakeWorker implements WorkerLike {
  static made: FakeWorker[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  posted: unknown[] = [];
  terminated = false;
  private timers = new Map<number, ReturnType<typeof setTimeout>>();
  constructor(readonly url: string) {
    FakeWorker.made.push(this);
  }
  postMessage(message: unknown): void {
    const [id, ms] = message as [number, number];
    this.posted.push(message);
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    if (ms >= 0)
      this.timers.set(
        id,
        setTimeout(() => {
          this.timers.delete(id);
          if (!this.terminated) this.onmessage?.({ data: id });
        }, ms),
      );
  }
  terminate(): void {
    this.terminated = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
  }
  crash(): void {
    this.terminate();
    this.onerror?.(new Error('worker crashed'));
  }
}
