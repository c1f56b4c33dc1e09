export interface DemoServer {
  port: number;
  url: string;
  close(): Promise<void>;
}
export function startDemoServer(options?: { port?: number; host?: string; log?: (line: string) => void }): Promise<DemoServer>;
