import type { Preview } from '@storybook/react-vite';
import { DemoStoryProvider } from '../stories/components/demoStory';

const preview: Preview = {
  parameters: {
    layout: 'fullscreen',
    controls: { disable: true },
    actions: { disable: true },
  },
  tags: ['test'],
  // Each story's demo clients persist their sessions under keys scoped to the story id.
  decorators: [
    (Story, context) => (
      <DemoStoryProvider storyId={context.id}>
        <Story />
      </DemoStoryProvider>
    ),
  ],
};

export default preview;
