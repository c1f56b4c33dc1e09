/** A value that callbacks read later: set in layout effects, never read in render for output. */
export function box<T>(value: T) {
  return { get: () => value, set: (next: T) => void (value = next) };
}
