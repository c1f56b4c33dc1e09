import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection, type LifelineError } from 'react-lifeline/core';
import { nativeNetwork } from 'react-lifeline/native';
import { createFakeServer } from 'react-lifeline/testing';

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('nativeNetwork: the functions it is given go through the guard', () => {
  it('a NetInfo.addEventListener that throws is reported as callback-failed, and connect() still connects', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const NetInfo = {
      addEventListener(): () => void {
        throw new Error('NetInfo native module is null');
      },
    };
    const server = createFakeServer();
    const errors: LifelineError[] = [];
    const connection = createConnection('ws://127.0.0.1:1/chat', { WebSocket: server.WebSocket, network: nativeNetwork({ NetInfo }), onError: (error) => errors.push(error) });
    expect(() => connection.connect()).not.toThrow();
    expect(server.sockets).toHaveLength(1);
    expect(errors.map((error) => error.code)).toContain('callback-failed');
    connection.dispose();
  });

  it('an AppState.addEventListener that throws is reported as callback-failed, and connect() still connects', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const AppState = {
      currentState: 'active',
      addEventListener(): { remove(): void } {
        throw new Error('AppState is not available');
      },
    };
    const server = createFakeServer();
    const errors: LifelineError[] = [];
    const connection = createConnection('ws://127.0.0.1:1/chat', { WebSocket: server.WebSocket, network: nativeNetwork({ AppState }), onError: (error) => errors.push(error) });
    expect(() => connection.connect()).not.toThrow();
    expect(server.sockets).toHaveLength(1);
    expect(errors.map((error) => error.code)).toContain('callback-failed');
    connection.dispose();
  });
});
