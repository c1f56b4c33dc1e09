/**
 * Lets the event loop run `count` macrotask turns (each a 0 ms timer), so that chains of
 * deliveries scheduled a turn apart (the fake browser's channel messages and lock grants,
 * a URL function's promise) run to their end. It counts turns, not milliseconds: on a busy
 * machine every turn still comes, in order, where a fixed wall-clock wait can end mid-chain.
 */
export async function turns(count = 50): Promise<void> {
  for (let turn = 0; turn < count; turn += 1) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}
