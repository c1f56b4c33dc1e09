import { createElement, lazy, Suspense, type ComponentType } from 'react';
import type { LifelineDevtoolsProps } from './LifelineDevtools';

export type { DevtoolsPosition, LifelineDevtoolsProps } from './LifelineDevtools';

// The panel is its own chunk, loaded when a development build first renders it.
const Panel = /* @__PURE__ */ lazy(() => import('./LifelineDevtools').then((module) => ({ default: module.LifelineDevtools })));

function LazyDevtools(props: LifelineDevtoolsProps) {
  return createElement(Suspense, { fallback: null }, createElement(Panel, props));
}

/**
 * Devtools for every connection below its provider: a floating button that opens a panel of
 * each connection's state and timeline, with Retry now, Disconnect, Connect and (development
 * builds) a simulated close or drop. Place it once, inside the provider. In a production build
 * it renders nothing and its panel is never loaded (a bundler drops it); for the panel in
 * production, import it from `react-lifeline/devtools/production`.
 *
 * @example
 * import { LifelineDevtools } from 'react-lifeline/devtools';
 * <WebSocketProvider>
 *   <App />
 *   <LifelineDevtools />
 * </WebSocketProvider>
 */
export const LifelineDevtools: ComponentType<LifelineDevtoolsProps> = process.env.NODE_ENV === 'production' ? () => null : LazyDevtools;
