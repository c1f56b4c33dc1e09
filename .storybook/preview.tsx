import type { Preview } from '@storybook/react-vite';
import '../src/react/close-banner.css';
import './demo.css';

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
  },
};

export default preview;
