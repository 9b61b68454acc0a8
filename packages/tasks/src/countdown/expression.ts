// Parses a Countdown expression (integers, + - * /, parentheses, whitespace) straight into its canonical
// form with a shunting-yard loop: no recursion, so nesting depth cannot overflow the stack.
import { type Canonical, combine, leaf, type Operator } from './canonical.js';

/** Longer expressions are refused; a Countdown answer with six numbers has 11 tokens plus parentheses. */
export const MAX_EXPRESSION_LENGTH = 1000;

export class CountdownExpressionError extends Error {
  override name = 'CountdownExpressionError';
}

const PRECEDENCE: Record<Operator, number> = { '+': 1, '-': 1, '*': 2, '/': 2 };

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

function reduce(operands: Canonical[], op: Operator): void {
  const right = operands.pop();
  const left = operands.pop();
  if (!left || !right) throw new CountdownExpressionError(`operator ${op} lacks an operand`);
  const result = combine(op, left, right);
  if (!result) {
    throw new CountdownExpressionError(
      op === '/' && right.value.num === 0 ? 'division by zero' : 'value out of the safe-integer range',
    );
  }
  operands.push(result);
}

/**
 * The canonical form of an expression, with its exact value; throws CountdownExpressionError for
 * anything that is not a well-formed expression over non-negative integers.
 */
export function parseCanonicalExpression(expression: string): Canonical {
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    throw new CountdownExpressionError(`expression longer than ${MAX_EXPRESSION_LENGTH} characters`);
  }
  const operands: Canonical[] = [];
  const operators: (Operator | '(')[] = [];
  let expectOperand = true;
  let i = 0;
  while (i < expression.length) {
    const ch = expression[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
    } else if (isDigit(ch)) {
      if (!expectOperand) throw new CountdownExpressionError(`unexpected number at ${i}`);
      let end = i;
      while (end < expression.length && isDigit(expression[end]!)) end++;
      const n = Number(expression.slice(i, end));
      if (!Number.isSafeInteger(n)) throw new CountdownExpressionError(`number too large at ${i}`);
      operands.push(leaf(n));
      expectOperand = false;
      i = end;
    } else if (ch === '(') {
      if (!expectOperand) throw new CountdownExpressionError(`unexpected ( at ${i}`);
      operators.push('(');
      i++;
    } else if (ch === ')') {
      if (expectOperand) throw new CountdownExpressionError(`unexpected ) at ${i}`);
      while (operators.length > 0 && operators[operators.length - 1] !== '(')
        reduce(operands, operators.pop() as Operator);
      if (operators.pop() !== '(') throw new CountdownExpressionError(`unbalanced ) at ${i}`);
      i++;
    } else if (ch === '+' || ch === '-' || ch === '*' || ch === '/') {
      if (expectOperand) throw new CountdownExpressionError(`unexpected ${ch} at ${i}`);
      // Left-associative: reduce every pending operator of equal or higher precedence first.
      while (operators.length > 0) {
        const top = operators[operators.length - 1]!;
        if (top === '(' || PRECEDENCE[top] < PRECEDENCE[ch]) break;
        reduce(operands, operators.pop() as Operator);
      }
      operators.push(ch);
      expectOperand = true;
      i++;
    } else {
      throw new CountdownExpressionError(`unexpected character ${JSON.stringify(ch)} at ${i}`);
    }
  }
  if (expectOperand) throw new CountdownExpressionError('expression ends without an operand');
  while (operators.length > 0) {
    const op = operators.pop()!;
    if (op === '(') throw new CountdownExpressionError('unbalanced (');
    reduce(operands, op);
  }
  return operands[0]!;
}

/** The canonical rendering of an expression: equal for two expressions that are the same solution. */
export function canonicalCountdownExpression(expression: string): string {
  return parseCanonicalExpression(expression).text;
}

/** The numbers an expression uses, each as often as it appears, in no particular order. */
export function leavesOf(form: Canonical): number[] {
  const numbers: number[] = [];
  const pending: Canonical[] = [form];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.kind === 'leaf') numbers.push(node.value.num);
    else if (node.kind === 'sum') pending.push(...node.minus, ...node.plus);
    else pending.push(...node.over, ...node.times);
  }
  return numbers;
}
