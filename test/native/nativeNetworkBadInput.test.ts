import { afterEach, describe, expect, it, vi } from 'vitest';
import { nativeNetwork } from 'react-lifeline/native';

afterEach(() => void vi.restoreAllMocks());

describe('nativeNetwork: bad options', () => {
  it('null instead of an options object is a clear invalid-option error (always online, in the foreground), not a TypeError', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    let network: ReturnType<typeof nativeNetwork> | undefined;
    expect(() => (network = nativeNetwork(null as never))).not.toThrow();
    expect(network?.error?.code).toBe('invalid-option');
    expect(network?.isOnline()).toBe(true);
    expect(network?.isForeground()).toBe(true);
  });
});
