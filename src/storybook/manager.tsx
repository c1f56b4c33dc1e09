/** @jsxRuntime classic */
/** @jsx React.createElement */
/** @jsxFrag React.Fragment */
// Classic JSX on purpose: Storybook's manager runs its own React (18) as a global and bundles
// manager entries with `React.createElement`; an import of react/jsx-runtime would pull in the
// project's (19) and make elements the manager's React does not accept.
import * as React from 'react';
import { addons, types } from 'storybook/manager-api';
import { LifelinePanel } from './LifelinePanel';
import { LifelineTool } from './LifelineTool';
import { ADDON_ID, PANEL_ID, PARAM_KEY, TOOL_ID } from './protocol';

addons.register(ADDON_ID, () => {
  addons.add(PANEL_ID, {
    type: types.PANEL,
    title: 'Sockets',
    match: ({ viewMode }) => viewMode === 'story',
    // `parameters.lifeline.disable` hides the panel, as it removes the provider.
    paramKey: PARAM_KEY,
    render: ({ active }) => <LifelinePanel active={!!active} />,
  });
  addons.add(TOOL_ID, {
    type: types.TOOL,
    title: 'react-lifeline',
    match: ({ viewMode, tabId }) => viewMode === 'story' && !tabId,
    render: () => <LifelineTool />,
  });
});
