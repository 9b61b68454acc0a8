// The data contracts of docs/architecture.md as this package produces them.
import type { CountdownReference, Gsm8kReference, Task } from '@crossover/verifiers';

export type { CountdownReference, Gsm8kReference, Task };

/** One problem: `id` is stable across versions of a split; `reference` is what the verifier needs. */
export interface Problem<R = unknown> {
  id: string;
  task: Task;
  prompt: string;
  reference: R;
}

export interface Gsm8kProblem extends Problem<Gsm8kReference> {
  task: 'gsm8k';
  question: string;
  /** The dataset's full answer text (worked solution ending in `#### N`), where it was loaded; for SFT. */
  solution?: string;
}

export interface CountdownProblem extends Problem<CountdownReference> {
  task: 'countdown';
  /** Number of distinct solutions, where it was computed. */
  solutions?: number;
}

export type TaskProblem = Gsm8kProblem | CountdownProblem;

/** Names exactly which problems a score was computed on; see taskset/digest.ts for `digest`. */
export interface TaskSet {
  task: Task;
  split: string;
  version: string;
  size: number;
  digest: string;
}

/** Which prompt format: `base` for base models (plain text), `chat` for chat models (Qwen `<|im_start|>`). */
export type PromptTemplate = 'base' | 'chat';

export const PROMPT_TEMPLATES: readonly PromptTemplate[] = ['base', 'chat'];

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}
