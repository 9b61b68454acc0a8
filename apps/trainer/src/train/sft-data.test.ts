import { compactCountdownPrompt, loadShippedTaskset, promptFor, type TaskProblem } from '@crossover/tasks';
import { verify } from '@crossover/verifiers';
import { describe, expect, it } from 'vitest';
import { ByteTokenizer } from '../tokenizer/bytes.js';
import { encodeExample, type SftExample } from './data.js';
import { countdownCopyExamples, countdownSftExamples } from './sft-data.js';

describe('countdownSftExamples', () => {
  it('writes solver solutions that the Countdown verifier accepts, in the chosen prompt format', () => {
    const examples = countdownSftExamples({ count: 20, seed: 3, template: 'compact' });
    expect(examples).toHaveLength(20);
    for (const example of examples) {
      const match = /^We need (\d+) from \[([\d, ]+)\]\.\n<think>$/.exec(example.prompt);
      expect(match).not.toBeNull();
      const reference = { numbers: (match?.[2] ?? '').split(', ').map(Number), target: Number(match?.[1]) };
      expect(reference.numbers.length === 3 || reference.numbers.length === 4).toBe(true);
      expect(verify('countdown', example.completion, reference).correct).toBe(true);
      expect(example.completion).toMatch(/^ We need \d+ from .* <\/think>\n<answer>[^<]+<\/answer>$/);
    }
  });

  it('writes the answer terms in the order the prompt lists the numbers when asked', () => {
    const examples = countdownSftExamples({ count: 40, seed: 3, template: 'compact', termOrder: 'prompt' });
    const canonical = countdownSftExamples({ count: 40, seed: 3, template: 'compact' });
    let reordered = 0;
    for (const [i, example] of examples.entries()) {
      const listed = (/\[([\d, ]+)\]/.exec(example.prompt)?.[1] ?? '').split(', ').map(Number);
      const answer = /<answer>(.*)<\/answer>/.exec(example.completion)?.[1] ?? '';
      // in a flat sum (the commonest solution) the numbers appear exactly in the listed order
      if (/^[\d +-]+$/.test(answer)) {
        const used = answer.split(/ [+-] /).map(Number);
        const positions = used.map((n) => listed.indexOf(n));
        const plus = answer.split(' - ')[0]?.split(' + ').length ?? 0;
        expect(positions.slice(0, plus)).toEqual([...positions.slice(0, plus)].sort((a, b) => a - b));
        expect(positions.slice(plus)).toEqual([...positions.slice(plus)].sort((a, b) => a - b));
      }
      if (canonical[i]?.completion !== example.completion) reordered++;
    }
    expect(reordered).toBeGreaterThan(5);
  });

  it('writes the numbers exactly as listed, leaving out instances without such a solution', () => {
    const examples = countdownSftExamples({ count: 60, seed: 4, template: 'compact', termOrder: 'listed' });
    expect(examples.length).toBeGreaterThan(15);
    expect(examples.length).toBeLessThan(60);
    for (const example of examples) {
      const listed = (/\[([\d, ]+)\]/.exec(example.prompt)?.[1] ?? '').split(', ').map(Number);
      const target = Number(/We need (\d+)/.exec(example.prompt)?.[1]);
      const answer = /<answer>(.*)<\/answer>/.exec(example.completion)?.[1] ?? '';
      expect((answer.match(/\d+/g) ?? []).map(Number)).toEqual(listed);
      expect(verify('countdown', example.completion, { numbers: listed, target }).correct).toBe(true);
    }
  });

  it('leaves out instances of the held-out set', () => {
    const generated = countdownSftExamples({ count: 30, seed: 5, template: 'compact' });
    const probe: TaskProblem[] = loadShippedTaskset('countdown/test').problems.slice(0, 3);
    // Make the held-out set contain the first generated instance (same numbers, another order).
    const first = generated[0]?.prompt ?? '';
    const [, target = '0', numbers = ''] = /We need (\d+) from \[([\d, ]+)\]/.exec(first) ?? [];
    const reversed = numbers.split(', ').map(Number).reverse();
    probe.push({
      id: 'x',
      task: 'countdown',
      prompt: '',
      reference: { numbers: reversed, target: Number(target) },
    });
    const filtered = countdownSftExamples({ count: 30, seed: 5, template: 'compact', exclude: probe });
    expect(filtered.length).toBe(generated.length - 1);
    expect(filtered.map((e) => e.prompt)).not.toContain(first);
  });

  it('uses the task prompt for the base template and the short one for compact', () => {
    const [problem] = loadShippedTaskset('countdown/test').problems;
    if (problem?.task !== 'countdown') throw new Error('expected a countdown problem');
    expect(promptFor(problem, 'base')).toBe(problem.prompt);
    expect(promptFor(problem, 'compact')).toBe(compactCountdownPrompt(problem.reference));
  });
});

describe('countdownCopyExamples', () => {
  it('restates random problems in the words the real answers start with, without EOS', () => {
    const [example] = countdownCopyExamples(1, 4, 'compact');
    const match = /^We need (\d+) from \[([\d, ]+)\]\.\n<think>$/.exec(example?.prompt ?? '');
    expect(match).not.toBeNull();
    expect(example?.completion).toBe(` We need ${match?.[1]} from [${match?.[2]}], using each number once.`);
    expect(example?.endsWithEos).toBe(false);
    const tokenizer = new ByteTokenizer();
    const encoded = encodeExample(tokenizer, example as SftExample, 256);
    expect(encoded?.ids.at(-1)).toBe('.'.charCodeAt(0));
  });
});
