import { useEffect, useLayoutEffect } from 'react';

/**
 * useLayoutEffect in the browser and in React Native, useEffect on the server (where neither
 * runs, without a warning). React Native is asked first, so `document` is never read there.
 */
export const useIsomorphicLayoutEffect = globalThis.navigator?.product === 'ReactNative' || typeof document !== 'undefined' ? useLayoutEffect : useEffect;
