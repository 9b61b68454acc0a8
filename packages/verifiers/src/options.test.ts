import { describe, expect, it } from 'vitest';
import { resolveMode, VerifierOptionError } from './index.js';

describe('resolveMode', () => {
  it('resolves the default mode of a task', () => {
    expect(resolveMode('gsm8k').task).toBe('gsm8k');
  });

  it('names the bad option in the error, not only in its message', () => {
    const failure = (task: unknown, mode?: string) => {
      try {
        resolveMode(task, mode);
      } catch (error) {
        return error as VerifierOptionError;
      }
      throw new Error('expected a VerifierOptionError');
    };
    expect(failure('chess')).toBeInstanceOf(VerifierOptionError);
    expect(failure('chess').option).toBe('task');
    // A task named after a mode must still be called a task error (the old message match got this wrong).
    expect(failure('mode', 'strict').option).toBe('task');
    expect(failure('gsm8k', 'nope').option).toBe('mode');
  });
});
