// Decides, without executing anything, how CPython 3.11's `eval()` compiles an equation that passed the
// references' character whitelist (digits, `+ - * / ( ) .`, whitespace), and turns it into a postfix
// program for python-eval.ts.
//
// Only the following can evaluate to a number, so everything else is reported as `invalid` (a
// SyntaxError, or a TypeError at run time; the references score both the same):
//   numbers  int literals (`0`, `00`, `12`; `012` is a SyntaxError; more than 4300 digits is a
//            SyntaxError unless all zeros) and float literals (`1.5`, `.5`, `5.`, `01.5`)
//   unary    `+x`, `-x` (bind looser than `**`: `-2**2 == -4`, `2**-1 == 0.5`)
//   binary   `+ -` < `* / //` < `**` (right-associative); `**` is `*` `*` and `//` is `/` `/`
//   groups   `( ... )`
// `()` (an empty tuple), `...` (Ellipsis) and calls such as `1(2)` or `(1)(2)` are valid syntax but can
// never give a number, so they are invalid here too. Non-ASCII characters (Unicode digits and spaces pass
// the whitelist) are always SyntaxErrors in Python's tokenizer, as are VT and U+001C..U+001F. CR becomes
// a newline: harmless inside parentheses, a SyntaxError outside (the text is stripped, so some token
// always follows it).
//
// CPython's limits, reproduced so that deep inputs fail where CPython fails:
//   - the tokenizer allows at most 200 nested parentheses;
//   - the PEG parser stops at 6000 nested rule calls; measured on 3.11: 25 to reach the first atom,
//     28 per enclosing parenthesis, 1 per enclosing unary operator, 2 per enclosing `**` right operand;
//   - the compiler's AST pass stops at depth 3000 minus 3 per Python frame on the caller's stack; the
//     exact frame count depends on the harness that called the reference, so each mode passes its own
//     estimate (a sum of 5000 terms fails either way; sums of a few hundred terms never do).
// The parser is iterative (shunting-yard with explicit stacks) and linear in the text length.

export const OP_ADD = -1;
export const OP_SUB = -2;
export const OP_MUL = -3;
export const OP_DIV = -4;
export const OP_FLOOR_DIV = -5;
export const OP_POW = -6;
export const OP_NEG = -7;
export const OP_POS = -8;
const OPEN_PAREN = -9;

const MAX_PAREN_DEPTH = 200;
const MAX_PARSER_LEVEL = 6000;
const PARSER_BASE_LEVEL = 25;
const PARSER_PAREN_LEVELS = 28;
const PARSER_UNARY_LEVELS = 1;
const PARSER_POW_LEVELS = 2;
const MAX_INT_LITERAL_DIGITS = 4300;

/** A Python number literal: int (bigint) or float (number). */
export type PythonLiteral = bigint | number;

/** Postfix program: `ops[i] >= 0` pushes literals[ops[i]]; negative entries are the OP_* operators. */
export interface PythonProgram {
  ops: number[];
  literals: PythonLiteral[];
}

export type PythonParseResult =
  | { ok: true; program: PythonProgram }
  | { ok: false; error: 'SyntaxError' | 'RecursionError' };

function precedence(op: number): number {
  switch (op) {
    case OP_ADD:
    case OP_SUB:
      return 1;
    case OP_MUL:
    case OP_DIV:
    case OP_FLOOR_DIV:
      return 2;
    case OP_NEG:
    case OP_POS:
      return 3;
    case OP_POW:
      return 4;
    default:
      return 0;
  }
}

function parserLevels(op: number): number {
  if (op === OP_NEG || op === OP_POS) return PARSER_UNARY_LEVELS;
  return op === OP_POW ? PARSER_POW_LEVELS : 0;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Skips spaces, tabs, form feeds and (inside parentheses) CR/LF; returns -1 on a character Python rejects. */
function skipWhitespace(text: string, i: number, parenDepth: number): number {
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 9 || code === 12) continue;
    if (code === 13 || code === 10) {
      if (parenDepth === 0) return -1;
      continue;
    }
    return i;
  }
  return i;
}

/** Reads the number literal at i: returns its end, or -1 when the tokenizer rejects it. */
function numberEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length && isDigit(text.charCodeAt(j))) j++;
  if (text.charCodeAt(j) === 46) {
    j++;
    while (j < text.length && isDigit(text.charCodeAt(j))) j++;
    return j;
  }
  if (j - i > 1 && text.charCodeAt(i) === 48 && !isAllZeros(text.slice(i, j))) return -1; // leading zeros
  return j;
}

function isAllZeros(token: string): boolean {
  for (let i = 0; i < token.length; i++) if (token.charCodeAt(i) !== 48) return false;
  return true;
}

function literalValue(token: string): PythonLiteral | null {
  if (token.includes('.')) return Number(token); // correctly rounded, like CPython; overflow gives inf
  if (isAllZeros(token)) return 0n; // CPython reads zeros without the 4300-digit int limit
  return token.length > MAX_INT_LITERAL_DIGITS ? null : BigInt(token);
}

/**
 * Parses `text` (already stripped and whitelisted) as CPython's eval() would. `maxAstDepth` is the
 * deepest expression tree the compiler accepts for the caller being reproduced.
 */
export function parsePythonExpression(text: string, maxAstDepth: number): PythonParseResult {
  const ops: number[] = [];
  const literals: PythonLiteral[] = [];
  const operators: number[] = [];
  const depths: number[] = []; // AST depth of each value the program will have on its stack
  let parenDepth = 0;
  let pendingLevels = 0; // parser levels of the unary and `**` operators on the operator stack
  let expectOperand = true;
  const syntaxError = { ok: false, error: 'SyntaxError' } as const;

  const reduce = (op: number): boolean => {
    ops.push(op);
    pendingLevels -= parserLevels(op);
    if (op === OP_NEG || op === OP_POS) {
      depths[depths.length - 1] = (depths[depths.length - 1] as number) + 1;
    } else {
      const right = depths.pop() as number;
      const left = depths.pop() as number;
      depths.push(Math.max(left, right) + 1);
    }
    return (depths[depths.length - 1] as number) <= maxAstDepth;
  };

  for (let i = skipWhitespace(text, 0, 0); i < text.length; i = skipWhitespace(text, i, parenDepth)) {
    if (i < 0) return syntaxError;
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (code >= 0x80) return syntaxError;
    if (expectOperand) {
      if (isDigit(code) || (code === 46 && isDigit(next))) {
        const end = numberEnd(text, i);
        if (end < 0) return syntaxError;
        const value = literalValue(text.slice(i, end));
        if (value === null) return syntaxError;
        if (PARSER_BASE_LEVEL + PARSER_PAREN_LEVELS * parenDepth + pendingLevels > MAX_PARSER_LEVEL) {
          return { ok: false, error: 'RecursionError' }; // CPython: MemoryError from the parser
        }
        ops.push(literals.length);
        literals.push(value);
        depths.push(1);
        expectOperand = false;
        i = end;
        continue;
      }
      if (code === 40) {
        if (++parenDepth > MAX_PAREN_DEPTH) return syntaxError;
        const inner = skipWhitespace(text, i + 1, parenDepth);
        if (inner < 0 || text.charCodeAt(inner) === 41) return syntaxError; // `()` is a tuple: never a number
        operators.push(OPEN_PAREN);
        i++;
        continue;
      }
      if (code === 43 || code === 45) {
        const op = code === 45 ? OP_NEG : OP_POS;
        operators.push(op);
        pendingLevels += PARSER_UNARY_LEVELS;
        i++;
        continue;
      }
      return syntaxError; // operator, `)`, `...` or a lone `.` where an operand belongs
    }
    if (code === 41) {
      if (parenDepth === 0) return syntaxError;
      while (operators[operators.length - 1] !== OPEN_PAREN) {
        if (!reduce(operators.pop() as number)) return { ok: false, error: 'RecursionError' };
      }
      operators.pop();
      parenDepth--;
      i++;
      continue;
    }
    let op: number;
    let width = 1;
    if (code === 43) op = OP_ADD;
    else if (code === 45) op = OP_SUB;
    else if (code === 42) {
      op = next === 42 ? OP_POW : OP_MUL;
      if (next === 42) width = 2;
    } else if (code === 47) {
      op = next === 47 ? OP_FLOOR_DIV : OP_DIV;
      if (next === 47) width = 2;
    } else return syntaxError; // a number after a number, a call `x(`, a `.`
    const p = precedence(op);
    // `**` is right-associative; the others are left-associative. Unary operators on the stack yield
    // to `**` (it binds tighter) and to nothing else.
    while (operators.length > 0) {
      const top = operators[operators.length - 1] as number;
      const q = precedence(top);
      if (q === 0 || q < p || (q === p && op === OP_POW)) break;
      if (!reduce(operators.pop() as number)) return { ok: false, error: 'RecursionError' };
    }
    operators.push(op);
    pendingLevels += parserLevels(op);
    expectOperand = true;
    i += width;
  }
  if (expectOperand || parenDepth !== 0) return syntaxError;
  while (operators.length > 0) {
    if (!reduce(operators.pop() as number)) return { ok: false, error: 'RecursionError' };
  }
  if ((depths[0] as number) > maxAstDepth) return { ok: false, error: 'RecursionError' };
  return { ok: true, program: { ops, literals } };
}
