/** A clock time for the demos' timelines and facts, with the hour (a demo left open can cross one): "16:42:05.123", UTC. */
export const clockTime = (at: number) => new Date(at).toISOString().slice(11, 23);
