// The mechanism behind GRPO's longer answers (Samineni et al., "RL in Name Only?"), checked exactly on a toy
// policy instead of the GPT: the answer's first token is right or wrong, then each token stops the answer
// or continues it, with one stop probability for right and one for wrong answers; wrong answers start
// longer. The GRPO loss of every possible answer is weighted by its probability, so each update is the
// expected update, with no sampling noise. Under `sequence-mean` a wrong answer's negative advantage is
// spread over its tokens (1/L each): long wrong answers are pushed down less per token, and expected wrong
// length grows. Under `constant` (and `token-mean`, whose normaliser is the same for every answer of a
// batch) every token gets the same push, the score-function identity makes the expected update of the
// stop logits zero, and length does not move.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../model/test-helpers.js';
import { grpoLoss, type LossAggregation } from './losses.js';

const MAX_LENGTH = 24;
const UPDATES = 60;
const LR = 8;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

interface Answer {
  correct: boolean;
  /** Continue tokens before the stop; MAX_LENGTH with no stop = truncated. */
  continues: number;
  stopped: boolean;
}

const answers: Answer[] = [true, false].flatMap((correct) =>
  Array.from({ length: MAX_LENGTH + 1 }, (_, continues) => ({
    correct,
    continues,
    stopped: continues < MAX_LENGTH,
  })),
);
const width = MAX_LENGTH + 1;

/** 0/1 matrices [answers, tokens] marking where each kind of token sits. */
function tokenKinds() {
  const kinds = {
    choiceRight: [],
    choiceWrong: [],
    continueRight: [],
    stopRight: [],
    continueWrong: [],
    stopWrong: [],
    mask: [],
  } as Record<string, number[][]>;
  for (const a of answers) {
    const row = (f: (t: number) => boolean) => Array.from({ length: width }, (_, t) => (f(t) ? 1 : 0));
    const isContinue = (t: number) => t >= 1 && t <= a.continues;
    const isStop = (t: number) => a.stopped && t === a.continues + 1;
    kinds.choiceRight?.push(row((t) => t === 0 && a.correct));
    kinds.choiceWrong?.push(row((t) => t === 0 && !a.correct));
    kinds.continueRight?.push(row((t) => a.correct && isContinue(t)));
    kinds.stopRight?.push(row((t) => a.correct && isStop(t)));
    kinds.continueWrong?.push(row((t) => !a.correct && isContinue(t)));
    kinds.stopWrong?.push(row((t) => !a.correct && isStop(t)));
    kinds.mask?.push(row((t) => t <= a.continues + (a.stopped ? 1 : 0)));
  }
  return Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, tf.tensor2d(v)])) as Record<
    string,
    tf.Tensor2D
  >;
}

/** Probability of each answer under the current parameters. */
function answerProbabilities(right: number, stopRight: number, stopWrong: number): number[] {
  return answers.map((a) => {
    const stop = a.correct ? stopRight : stopWrong;
    const choice = a.correct ? right : 1 - right;
    return choice * (1 - stop) ** a.continues * (a.stopped ? stop : 1);
  });
}

/** E[length | wrong] in tokens after the first, truncated answers counted at MAX_LENGTH. */
function expectedWrongLength(stopWrong: number): number {
  const wrong = answers.filter((a) => !a.correct);
  const p = answerProbabilities(0, 0, stopWrong).slice(width);
  return wrong.reduce((s, a, i) => s + (p[i] as number) * (a.continues + (a.stopped ? 1 : 0)), 0);
}

function train(aggregation: LossAggregation) {
  const params = {
    right: tf.variable(tf.scalar(logit(0.3))),
    stopRight: tf.variable(tf.scalar(logit(0.5))),
    stopWrong: tf.variable(tf.scalar(logit(0.2))),
  };
  const kinds = tokenKinds();
  const before = expectedWrongLength(0.2);
  for (let u = 0; u < UPDATES; u++) {
    const [right, stopRight, stopWrong] = [params.right, params.stopRight, params.stopWrong].map((v) =>
      sigmoid(v.dataSync()[0] as number),
    ) as [number, number, number];
    const probabilities = answerProbabilities(right, stopRight, stopWrong);
    // Reward 1 for right answers; the advantage against the expected reward, weighted by the answer's
    // probability: the loss over all answers is then the expected loss.
    const coefficients = answers.map((a, i) => (probabilities[i] as number) * ((a.correct ? 1 : 0) - right));
    const logProbsOf = () => {
      // log sigmoid(x) = -softplus(-x) (tf.logSigmoid's custom gradient loses a tensor under variableGrads)
      const ls = (x: tf.Tensor) => tf.neg(tf.softplus(tf.neg(x)));
      const k = kinds as Record<string, tf.Tensor2D>;
      return tf.addN([
        tf.mul(k.choiceRight as tf.Tensor2D, ls(params.right)),
        tf.mul(k.choiceWrong as tf.Tensor2D, ls(tf.neg(params.right))),
        tf.mul(k.continueRight as tf.Tensor2D, ls(tf.neg(params.stopRight))),
        tf.mul(k.stopRight as tf.Tensor2D, ls(params.stopRight)),
        tf.mul(k.continueWrong as tf.Tensor2D, ls(tf.neg(params.stopWrong))),
        tf.mul(k.stopWrong as tf.Tensor2D, ls(params.stopWrong)),
      ]) as tf.Tensor2D;
    };
    // The sampling policy's log-probs, frozen: the ratio is 1 and the gradient is the policy gradient.
    const old = tf.tidy(logProbsOf);
    const advantages = tf.tensor1d(coefficients);
    const { value, grads } = tf.variableGrads(
      () =>
        grpoLoss({
          logProbs: logProbsOf(),
          oldLogProbs: old,
          advantages,
          mask: kinds.mask as tf.Tensor2D,
          clipEps: 0.2,
          klBeta: 0,
          aggregation,
        }).loss,
      Object.values(params),
    );
    for (const v of Object.values(params)) v.assign(tf.sub(v, tf.mul(grads[v.name] as tf.Tensor, LR)));
    tf.dispose([old, advantages, value, ...Object.values(grads)]);
  }
  const after = expectedWrongLength(sigmoid(params.stopWrong.dataSync()[0] as number));
  const accuracy = sigmoid(params.right.dataSync()[0] as number);
  tf.dispose([...Object.values(params), ...Object.values(kinds)]);
  return { before, after, accuracy };
}

beforeAll(useCpuBackend);

describe('length bias of the loss aggregation (toy policy, exact expected updates)', () => {
  it('sequence-mean makes wrong answers longer', () => {
    const { before, after, accuracy } = train('sequence-mean');
    expect(accuracy).toBeGreaterThan(0.3);
    expect(after).toBeGreaterThan(before * 1.1);
  });

  it('constant leaves the length of wrong answers where it was', () => {
    const { before, after, accuracy } = train('constant');
    expect(accuracy).toBeGreaterThan(0.3);
    expect(Math.abs(after - before)).toBeLessThan(before * 1e-3);
  });

  it('token-mean, whose normaliser is shared by the whole batch, does not either', () => {
    const { before, after } = train('token-mean');
    expect(Math.abs(after - before)).toBeLessThan(before * 1e-3);
  });
});
