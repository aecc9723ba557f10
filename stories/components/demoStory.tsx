import { createContext, useContext, type ReactNode } from 'react';

const DemoStoryContext = createContext<string>('demo');

/**
 * The id of the story being rendered (set by the decorator in .storybook/preview.tsx). Demo
 * clients build their auth storage key from it, so the persisted sessions of two stories on
 * one docs page — or of the same label in two stories — never overwrite each other.
 */
export function useDemoStoryId(): string {
  return useContext(DemoStoryContext);
}

export function DemoStoryProvider({ storyId, children }: { storyId: string; children: ReactNode }) {
  return <DemoStoryContext.Provider value={storyId}>{children}</DemoStoryContext.Provider>;
}
