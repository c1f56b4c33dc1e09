import type { Meta, StoryObj } from '@storybook/react-vite';
import { Chat } from './Chat';

const meta = { title: 'Chat', component: Chat } satisfies Meta<typeof Chat>;
export default meta;

// The addon's fake server answers this URL: nothing leaves the page.
export const Default: StoryObj<typeof meta> = { args: { url: 'ws://127.0.0.1:4000/chat' } };
