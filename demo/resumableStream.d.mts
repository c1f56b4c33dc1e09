export interface ResumableStream {
  readonly seq: number;
  readonly epoch: string;
  next(data?: unknown): string;
  renew(epoch: string): void;
  answer(request: unknown): string[] | null;
}
export function createResumableStream(options?: { buffer?: number; epoch?: string }): ResumableStream;
