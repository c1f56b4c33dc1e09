import type { ConnectionHandlers } from './types';

export interface HandlerSet<In> {
  /** Adds a set of callbacks; one object added twice is called once (until removed twice). */
  add(entry: ConnectionHandlers<In>): () => void;
  /** Calls `name` on every set, each through `call` (the guard): one that throws keeps nothing from the others. */
  emit<K extends keyof ConnectionHandlers<In>>(name: K, args: Parameters<NonNullable<ConnectionHandlers<In>[K]>>, call: (name: K, fn: ConnectionHandlers<In>[K], args: unknown[]) => void): void;
  clear(): void;
}

/**
 * The callbacks of everyone listening to one connection (every hook sharing it), and the one
 * way they are called: in the order they were added, each guarded, a set removed meanwhile
 * skipped.
 */
export function handlerSet<In>(): HandlerSet<In> {
  const entries = new Map<ConnectionHandlers<In>, number>();
  return {
    add(entry) {
      entries.set(entry, (entries.get(entry) ?? 0) + 1);
      let removed = false;
      return () => {
        if (removed) return;
        removed = true;
        const count = entries.get(entry)! - 1;
        if (count) entries.set(entry, count);
        else entries.delete(entry);
      };
    },
    emit(name, args, call) {
      for (const entry of [...entries.keys()]) if (entries.has(entry)) call(name, entry[name], args);
    },
    clear: () => entries.clear(),
  };
}
