// jsdom 28+ runs its WebSocket on undici. Under vitest's jsdom environment the global
// `Event` is jsdom's, so undici builds `open`/`error` events that Node's EventTarget
// refuses ("must be an instance of Event"). Re-create such foreign events as instances
// of the Event class undici's own CloseEvent extends. See TOOLCHAIN.md.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface UndiciModule {
  WebSocket: { prototype: EventTarget };
  CloseEvent: new (type: string) => Event;
}

if (typeof window !== 'undefined') {
  const jsdomRequire = createRequire(require.resolve('jsdom'));
  const undici = jsdomRequire('undici') as UndiciModule;
  const NodeEvent = Object.getPrototypeOf(undici.CloseEvent) as typeof Event;
  const proto = undici.WebSocket.prototype;
  const dispatch = proto.dispatchEvent;
  proto.dispatchEvent = function dispatchEvent(this: EventTarget, incoming: Event) {
    if (incoming instanceof NodeEvent) return dispatch.call(this, incoming);
    const event = incoming as Event;
    const init = { bubbles: event.bubbles, cancelable: event.cancelable };
    return dispatch.call(this, new NodeEvent(event.type, init));
  };
}
