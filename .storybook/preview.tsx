import type { Preview } from '@storybook/react-vite';
import '../src/react/close-banner.css';
import './demo.css';

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    // axe-core on every story's final state, in the story tests too: a violation fails the test.
    a11y: { test: 'error' },
  },
};

export default preview;
