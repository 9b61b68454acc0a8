// Runs a postfix program from python-parse.ts with CPython's number semantics (python-numbers.ts).
// Nothing is executed: this is an interpreter for five operators over numbers.

import {
  add,
  floorDivide,
  multiply,
  negate,
  PythonError,
  type PythonErrorKind,
  type PythonNumber,
  power,
  resetWorkBudget,
  subtract,
  trueDivide,
} from './python-numbers.js';
import {
  OP_ADD,
  OP_DIV,
  OP_FLOOR_DIV,
  OP_MUL,
  OP_NEG,
  OP_POS,
  OP_POW,
  OP_SUB,
  type PythonProgram,
} from './python-parse.js';

export type PythonEvaluation = { ok: true; value: PythonNumber } | { ok: false; error: PythonErrorKind };

function apply(op: number, a: PythonNumber, b: PythonNumber): PythonNumber {
  switch (op) {
    case OP_ADD:
      return add(a, b);
    case OP_SUB:
      return subtract(a, b);
    case OP_MUL:
      return multiply(a, b);
    case OP_DIV:
      return trueDivide(a, b);
    case OP_FLOOR_DIV:
      return floorDivide(a, b);
    case OP_POW:
      return power(a, b);
    default:
      throw new Error(`unknown operator ${op}`);
  }
}

export function evaluatePythonProgram(program: PythonProgram): PythonEvaluation {
  resetWorkBudget();
  const stack: PythonNumber[] = [];
  try {
    for (const op of program.ops) {
      if (op >= 0) stack.push(program.literals[op] as PythonNumber);
      else if (op === OP_NEG) stack.push(negate(stack.pop() as PythonNumber));
      else if (op === OP_POS) continue;
      else {
        const b = stack.pop() as PythonNumber;
        const a = stack.pop() as PythonNumber;
        stack.push(apply(op, a, b));
      }
    }
  } catch (error) {
    if (error instanceof PythonError) return { ok: false, error: error.kind };
    throw error;
  }
  return { ok: true, value: stack[0] as PythonNumber };
}

/** TinyZero's check `abs(result - target) < 1e-5` (int results compare exactly). */
export function tinyzeroMatches(value: PythonNumber, target: number): boolean {
  if (typeof value === 'bigint') return Number.isSafeInteger(target) && value === BigInt(target);
  if (typeof value === 'number') return Math.abs(value - target) < 1e-5;
  return Math.hypot(value.re - target, value.im) < 1e-5;
}

/** mini-R1's check `abs(float(result) - float(target)) < 1e-5`: float() of a complex is a TypeError. */
export function minir1Matches(value: PythonNumber, target: number): boolean {
  if (typeof value === 'object') return false;
  const result = typeof value === 'bigint' ? Number(value) : value;
  return Number.isFinite(result) && Math.abs(result - target) < 1e-5;
}
