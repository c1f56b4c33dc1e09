import axe from 'axe-core';
import { expect } from 'storybook/test';

/**
 * axe-core on the page as it is now, mid-play: each feedback state a story passes through
 * (a countdown, "Reconnected", a give-up), not only the final one the a11y addon checks.
 */
export async function expectAccessible(element: Element): Promise<void> {
  // As the a11y addon does: a story shows a component, not a page, so "region" (content outside landmarks) is off.
  const results = await axe.run(element.ownerDocument.body, { resultTypes: ['violations'], rules: { region: { enabled: false } } });
  const found = results.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.html).join(' | ')})`);
  await expect(found).toEqual([]);
}
