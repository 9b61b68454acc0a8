import { defaultMode, modesFor } from '@crossover/verifiers';
import { describe, expect, it } from 'vitest';
import { countdownPrompt } from './countdown/prompt.js';
import { solveCountdown } from './countdown/solver.js';
import { gsm8kSftTarget, parseGsm8kJsonl } from './gsm8k/dataset.js';
import { gsm8kPrompt } from './gsm8k/prompt.js';
import { getTask, listTasks } from './registry.js';
import { readFixture } from './test-support.js';

describe('task registry', () => {
  it('lists gsm8k and countdown with their verifier modes and shipped tasksets', () => {
    expect(listTasks().map((t) => [t.name, t.defaultMode, t.templates, t.shippedTasksets])).toEqual([
      ['gsm8k', defaultMode('gsm8k'), ['base', 'chat'], ['gsm8k/test']],
      ['countdown', defaultMode('countdown'), ['base', 'chat'], ['countdown/test', 'countdown/easy']],
    ]);
    expect(getTask('gsm8k').modes).toEqual(modesFor('gsm8k'));
    expect(getTask('countdown').modes).toEqual(modesFor('countdown'));
  });

  it('refuses unknown tasks', () => {
    expect(() => getTask('math')).toThrow('unknown task "math"; expected one of gsm8k, countdown');
  });

  it('binds the gsm8k loader, templates, SFT target and verifier', () => {
    const gsm8k = getTask('gsm8k');
    const problems = gsm8k.load(readFixture('gsm8k-mini.jsonl'), { split: 'mini' });
    expect(problems).toEqual(parseGsm8kJsonl(readFixture('gsm8k-mini.jsonl'), { split: 'mini' }));
    expect(gsm8k.prompt('Q?', 'chat')).toBe(gsm8kPrompt('Q?', 'chat'));
    const problem = problems[1]!;
    expect(gsm8k.sftTarget(problem)).toBe(gsm8kSftTarget(problem));
    expect(gsm8k.verify(problem, 'so #### 1500000', { mode: 'strict' }).correct).toBe(true);
    expect(gsm8k.verify(problem, 'so #### 1500001', { mode: 'strict' }).correct).toBe(false);
  });

  it('binds the countdown generator, templates and solver', () => {
    const countdown = getTask('countdown');
    const [problem] = countdown.load({ seed: 1, count: 1 });
    expect(problem!.prompt).toBe(countdownPrompt(problem!.reference));
    expect(countdown.prompt({ target: 3, numbers: [1, 2] }, 'chat')).toBe(
      countdownPrompt({ target: 3, numbers: [1, 2] }, 'chat'),
    );
    expect(countdown.solve([1, 2], 3)).toEqual(solveCountdown([1, 2], 3));
    expect(countdown.countSolutions([1, 2, 3], 6)).toBe(3);
    // A wrong answer is wrong whichever verifier is installed.
    expect(
      countdown.verify({ reference: { target: 3, numbers: [1, 2] }, prompt: '' }, '<answer>2 - 1</answer>')
        .correct,
    ).toBe(false);
  });
});
