/** Serves `root` (its index.html at `/`) on 127.0.0.1, on an ephemeral port. */
export function serveStatic(root: string): Promise<{ url: string; close(): Promise<void> }>;
