// Bad story parameters and server options are a typed error at once, never a story that silently
// does something else. Found by the adversarial reviews of the Storybook addon.
import { render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createStoryServer, type StoryServerOptions } from '../../src/storybook/createStoryServer';
import { withLifeline } from '../../src/storybook/withLifeline';
import { installPreviewChannel, renderStory } from './addonHarness';

installPreviewChannel({ restoreOnLine: true });

describe('createStoryServer parameters are checked', () => {
  it.each<[string, StoryServerOptions]>([
    ["mode 'Real' (a typo)", { mode: 'Real' as 'real' }],
    ['acceptAfterMs -5', { acceptAfterMs: -5 }],
    ['acceptAfterMs NaN', { acceptAfterMs: Number.NaN }],
    ["respond 'pong' (not a function)", { respond: 'pong' as unknown as () => unknown }],
    ['scenario {} (not a list)', { scenario: {} as never }],
  ])('%s is a typed error at once, not a story that silently does something else', (_, options) => {
    expect(() => createStoryServer(options)).toThrow(/react-lifeline\/storybook/);
  });
});

describe('withLifeline parameters are checked', () => {
  it("parameters.lifeline.server: 'Real' (a typo) is a clear error, not a story silently on the fake server", () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => renderStory({ server: 'Real' })).toThrow(/react-lifeline\/storybook/);
  });

  it("parameters.lifeline: 'real' (the mode where an object belongs) is a clear error, not a story silently on the fake server", () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.useFakeTimers();
    expect(() => render(withLifeline(() => null, { id: 'x--y', parameters: { lifeline: 'real' as never } }))).toThrow(/react-lifeline\/storybook/);
  });
});
