import type { ScorableProblem } from './score.js';

/**
 * Finds the taskset problem a plain `{ prompt, completion }` dump refers to: the problem whose prompt equals
 * the record's prompt, or else the one whose prompt (e.g. the GSM8K question) appears inside it (a chat
 * template or few-shot prefix around it). Answers are cached per distinct prompt, since a dump repeats each
 * prompt once per sample.
 */
export class PromptIndex {
  private readonly exact = new Map<string, string>();
  private readonly cache = new Map<string, string | null>();
  private readonly problems: ScorableProblem[];

  constructor(problems: Iterable<ScorableProblem>) {
    this.problems = [];
    for (const problem of problems) {
      if (!problem.prompt) continue;
      this.problems.push(problem);
      this.exact.set(problem.prompt.trim(), problem.id);
    }
    // Longest first, so that a question that contains another question is preferred.
    this.problems.sort((a, b) => (b.prompt?.length ?? 0) - (a.prompt?.length ?? 0));
  }

  /** The problem id for a prompt, or null when no problem's prompt matches. */
  find(prompt: string): string | null {
    const cached = this.cache.get(prompt);
    if (cached !== undefined) return cached;
    const id =
      this.exact.get(prompt.trim()) ??
      this.problems.find((p) => prompt.includes(p.prompt!.trim()))?.id ??
      null;
    this.cache.set(prompt, id);
    return id;
  }
}
