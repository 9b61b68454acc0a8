// The parser of Crossover's own `exact` Countdown mode, and its exact evaluator.
//
// Grammar (whitespace = ASCII space, tab, CR, LF, FF, VT anywhere between tokens):
//   expression := operand (('+' | '-' | '*' | '/') operand)*
//   operand    := ['-'] (integer | '(' expression ')')
//   integer    := '0' | [1-9][0-9]*            (no leading zeros, no sign, no decimal point)
// `*` and `/` bind tighter than `+` and `-`; all four are left-associative.
// Unary minus: one `-` may stand where an operand is expected (`-3 + 5`, `2 * -3`, `-(4 - 9)`); it negates
// that operand only and may not be repeated (`--3` and `- -3` are invalid), and there is no unary plus.
// Negation commutes with `*` and `/` in exact arithmetic, so its precedence never changes a value.
// Anything else (other characters, `**`, `//`, decimals, implicit multiplication) is invalid.
//
// The parser is a single left-to-right pass (shunting-yard) with explicit stacks, so nesting depth is
// limited only by memory, never by the call stack, and time is linear in the text length.
// Evaluation first runs on doubles holding exact integer numerators and denominators (fast, no
// allocation) and falls back to BigInt rationals as soon as a value leaves the safe-integer range.
import { Rational } from './rational.js';

const OP_ADD = -1;
const OP_SUB = -2;
const OP_MUL = -3;
const OP_DIV = -4;
const OP_NEG = -5;
const OPEN_PAREN = -6;

/** Literals longer than this are kept as text and only parsed as BigInt when evaluated. */
const MAX_FAST_DIGITS = 15;
const SAFE_LIMIT = 2 ** 53;

export type ExpressionFailure = 'invalid_expression' | 'division_by_zero';

/**
 * A compiled expression in postfix order: `ops[i] >= 0` pushes literal number `ops[i]`, a negative entry
 * is an operator. The arrays are module-level scratch buffers reused by every call (the verifiers are
 * synchronous), so read them before the next compile.
 */
export interface CompiledExpression {
  text: string;
  ops: Int32Array;
  opCount: number;
  /** Literal i spans text[literalStart[i], literalEnd[i]). */
  literalStart: Int32Array;
  literalEnd: Int32Array;
  /** The literal's value when it has at most MAX_FAST_DIGITS digits, else -1. */
  literalValue: Float64Array;
  literalCount: number;
}

const compiled: CompiledExpression = {
  text: '',
  ops: new Int32Array(64),
  opCount: 0,
  literalStart: new Int32Array(32),
  literalEnd: new Int32Array(32),
  literalValue: new Float64Array(32),
  literalCount: 0,
};
let operatorStack = new Int32Array(64);
let stackN = new Float64Array(32);
let stackD = new Float64Array(32);

function grow<T extends Int32Array | Float64Array>(array: T, needed: number): T {
  if (needed <= array.length) return array;
  const bigger = new (array.constructor as new (n: number) => T)(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}

function isWhitespace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

function precedence(op: number): number {
  if (op === OP_NEG) return 3;
  if (op === OP_MUL || op === OP_DIV) return 2;
  return op === OPEN_PAREN ? 0 : 1;
}

function binaryOperator(code: number): number {
  if (code === 43) return OP_ADD;
  if (code === 45) return OP_SUB;
  if (code === 42) return OP_MUL;
  if (code === 47) return OP_DIV;
  return 0;
}

function emit(op: number): void {
  if (compiled.opCount === compiled.ops.length) compiled.ops = grow(compiled.ops, compiled.opCount + 1);
  compiled.ops[compiled.opCount++] = op;
}

function emitLiteral(start: number, end: number, value: number): void {
  const i = compiled.literalCount++;
  if (i === compiled.literalStart.length) {
    compiled.literalStart = grow(compiled.literalStart, i + 1);
    compiled.literalEnd = grow(compiled.literalEnd, i + 1);
    compiled.literalValue = grow(compiled.literalValue, i + 1);
  }
  compiled.literalStart[i] = start;
  compiled.literalEnd[i] = end;
  compiled.literalValue[i] = value;
  emit(i);
}

/**
 * Compiles text[start, end) into the shared CompiledExpression, or returns null when it is not an
 * expression of the grammar above.
 */
export function compileExpression(text: string, start = 0, end = text.length): CompiledExpression | null {
  compiled.text = text;
  compiled.opCount = 0;
  compiled.literalCount = 0;
  let top = 0; // operator stack height
  let expectOperand = true;
  let lastWasNegation = false;
  let i = start;
  while (i < end) {
    const code = text.charCodeAt(i);
    if (isWhitespace(code)) {
      i++;
      continue;
    }
    if (expectOperand) {
      if (code >= 48 && code <= 57) {
        const literalStart = i;
        let value = 0;
        while (i < end) {
          const digit = text.charCodeAt(i) - 48;
          if (digit < 0 || digit > 9) break;
          value = value * 10 + digit;
          i++;
        }
        const digits = i - literalStart;
        if (digits > 1 && code === 48) return null; // leading zero
        emitLiteral(literalStart, i, digits > MAX_FAST_DIGITS ? -1 : value);
        expectOperand = false;
        lastWasNegation = false;
        continue;
      }
      if (top === operatorStack.length) operatorStack = grow(operatorStack, top + 1);
      if (code === 40) {
        operatorStack[top++] = OPEN_PAREN;
        lastWasNegation = false;
      } else if (code === 45 && !lastWasNegation) {
        operatorStack[top++] = OP_NEG;
        lastWasNegation = true;
      } else {
        return null;
      }
      i++;
      continue;
    }
    if (code === 41) {
      while (top > 0 && operatorStack[top - 1] !== OPEN_PAREN) emit(operatorStack[--top] as number);
      if (top === 0) return null; // unmatched ')'
      top--;
      i++;
      continue;
    }
    const op = binaryOperator(code);
    if (op === 0) return null;
    const p = precedence(op);
    while (top > 0 && precedence(operatorStack[top - 1] as number) >= p) emit(operatorStack[--top] as number);
    if (top === operatorStack.length) operatorStack = grow(operatorStack, top + 1);
    operatorStack[top++] = op;
    expectOperand = true;
    i++;
  }
  if (expectOperand) return null; // empty, or ends with an operator
  while (top > 0) {
    const op = operatorStack[--top] as number;
    if (op === OPEN_PAREN) return null; // unmatched '('
    emit(op);
  }
  return compiled;
}

/** The exact BigInt value of literal i. */
export function literalBigInt(expression: CompiledExpression, i: number): bigint {
  const value = expression.literalValue[i] as number;
  if (value >= 0) return BigInt(value);
  return BigInt(expression.text.slice(expression.literalStart[i], expression.literalEnd[i]));
}

/** Result of the fast evaluation: an unreduced fraction n/d of safe integers (d > 0). */
export interface FastValue {
  n: number;
  d: number;
}
const fastResult: FastValue = { n: 0, d: 1 };

/**
 * Evaluates on doubles that hold exact integers. Returns the shared FastValue, 'division_by_zero', or
 * null when some value would leave the safe-integer range (then use evaluateExact).
 */
export function evaluateFast(expression: CompiledExpression): FastValue | 'division_by_zero' | null {
  const { ops, opCount, literalValue } = expression;
  if (stackN.length < expression.literalCount) {
    stackN = new Float64Array(expression.literalCount * 2);
    stackD = new Float64Array(expression.literalCount * 2);
  }
  const ns = stackN;
  const ds = stackD;
  let sp = 0;
  for (let k = 0; k < opCount; k++) {
    const op = ops[k] as number;
    if (op >= 0) {
      const value = literalValue[op] as number;
      if (value < 0) return null;
      ns[sp] = value;
      ds[sp++] = 1;
      continue;
    }
    if (op === OP_NEG) {
      ns[sp - 1] = -(ns[sp - 1] as number);
      continue;
    }
    const bn = ns[--sp] as number;
    const bd = ds[sp] as number;
    const an = ns[sp - 1] as number;
    const ad = ds[sp - 1] as number;
    let n: number;
    let d: number;
    if (op === OP_ADD || op === OP_SUB) {
      if (ad === bd) {
        n = op === OP_ADD ? an + bn : an - bn;
        d = ad;
      } else {
        const left = an * bd;
        const right = bn * ad;
        if (Math.abs(left) >= SAFE_LIMIT || Math.abs(right) >= SAFE_LIMIT) return null;
        n = op === OP_ADD ? left + right : left - right;
        d = ad * bd;
      }
    } else if (op === OP_MUL) {
      n = an * bn;
      d = ad * bd;
    } else {
      if (bn === 0) return 'division_by_zero';
      n = bn < 0 ? -(an * bd) : an * bd;
      d = bn < 0 ? -(ad * bn) : ad * bn;
    }
    if (Math.abs(n) >= SAFE_LIMIT || d >= SAFE_LIMIT) return null;
    ns[sp - 1] = n;
    ds[sp - 1] = d;
  }
  fastResult.n = ns[0] as number;
  fastResult.d = ds[0] as number;
  return fastResult;
}

/** Evaluates with BigInt rationals; never overflows. */
export function evaluateExact(expression: CompiledExpression): Rational | 'division_by_zero' {
  const stack: Rational[] = [];
  const { ops, opCount } = expression;
  for (let k = 0; k < opCount; k++) {
    const op = ops[k] as number;
    if (op >= 0) {
      stack.push({ num: literalBigInt(expression, op), den: 1n });
      continue;
    }
    if (op === OP_NEG) {
      stack.push(Rational.neg(stack.pop() as Rational));
      continue;
    }
    const b = stack.pop() as Rational;
    const a = stack.pop() as Rational;
    if (op === OP_ADD) stack.push(Rational.add(a, b));
    else if (op === OP_SUB) stack.push(Rational.sub(a, b));
    else if (op === OP_MUL) stack.push(Rational.mul(a, b));
    else {
      const quotient = Rational.div(a, b);
      if (quotient === null) return 'division_by_zero';
      stack.push(quotient);
    }
  }
  return stack[0] as Rational;
}

export type ParsedCountdownExpression =
  | { ok: true; value: Rational; numbers: bigint[] }
  | { ok: false; reason: ExpressionFailure };

/**
 * Parses and exactly evaluates a Countdown expression with the `exact` mode's rules (see the grammar at
 * the top of this file); `numbers` lists the integer literals in order of appearance. Never throws and
 * never uses eval. An optional `= target` suffix is NOT part of the grammar; strip it first.
 */
export function parseCountdownExpression(text: string): ParsedCountdownExpression {
  const expression = compileExpression(text);
  if (expression === null) return { ok: false, reason: 'invalid_expression' };
  const numbers: bigint[] = [];
  for (let i = 0; i < expression.literalCount; i++) numbers.push(literalBigInt(expression, i));
  const value = evaluateExact(expression);
  if (value === 'division_by_zero') return { ok: false, reason: 'division_by_zero' };
  return { ok: true, value, numbers };
}
