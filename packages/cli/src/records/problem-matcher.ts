import { PromptIndex, type ScorableProblem, stableJson } from '@crossover/tasks';

/**
 * Finds the taskset problem an imported generation answered, for formats that name it by its text rather than
 * by a Crossover id. In order: the taskset prompt (exact, or contained in the imported prompt: a chat
 * template or few-shot prefix around it, as PromptIndex does for `/v1/score`); the GSM8K question contained
 * in the prompt (verl and chat prompts wrap the bare question, not our `Question: ...\nAnswer:`); a Countdown
 * reference equal to the imported one (TinyZero-style prompts carry the numbers and target, which is the
 * problem). Answers are cached per distinct prompt, since a file repeats each prompt once per sample.
 */
export class ProblemMatcher {
  private readonly prompts: PromptIndex;
  private readonly questions: Array<{ question: string; id: string }> = [];
  private readonly byReference = new Map<string, string | null>();
  private readonly cache = new Map<string, string | null>();

  constructor(problems: Iterable<ScorableProblem>) {
    const all = [...problems];
    this.prompts = new PromptIndex(all);
    for (const problem of all) {
      const question = (problem as { question?: unknown }).question;
      if (typeof question === 'string' && question.trim() !== '')
        this.questions.push({ question: question.trim(), id: problem.id });
      if (!isCountdownReference(problem.reference)) continue;
      const key = stableJson(problem.reference);
      // Two problems with one reference cannot be told apart by it: such a reference matches neither.
      this.byReference.set(key, this.byReference.has(key) ? null : problem.id);
    }
    // Longest first, so that a question that contains another question is preferred.
    this.questions.sort((a, b) => b.question.length - a.question.length);
  }

  /** The id of the problem this prompt (and, for Countdown, this reference) names, or null. */
  find(prompt: string | undefined, reference?: unknown): string | null {
    if (prompt !== undefined) {
      const id = this.findByPrompt(prompt);
      if (id !== null) return id;
    }
    if (!isCountdownReference(reference)) return null;
    return this.byReference.get(stableJson(reference)) ?? null;
  }

  private findByPrompt(prompt: string): string | null {
    const cached = this.cache.get(prompt);
    if (cached !== undefined) return cached;
    const id =
      this.prompts.find(prompt) ?? this.questions.find((q) => prompt.includes(q.question))?.id ?? null;
    this.cache.set(prompt, id);
    return id;
  }
}

/** Only a Countdown reference (numbers and target) names its problem; a GSM8K answer is shared by many. */
function isCountdownReference(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { numbers, target } = value as { numbers?: unknown; target?: unknown };
  return Array.isArray(numbers) && typeof target === 'number';
}
