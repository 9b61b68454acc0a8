/** Per-token log-probabilities of the given next tokens under the model: the input of every RL loss. */
import * as tf from '@tensorflow/tfjs-core';
import { forward, type Gpt } from '../model/gpt.js';

/**
 * log pi_T(targets[b, t] | inputs[b, <= t]) as [B, T], where pi_T = softmax(logits / temperature) is the
 * distribution the rollouts were drawn from (as TRL divides by the sampling temperature): at any other
 * temperature the ratio of a freshly sampled batch would not be 1.
 */
export function tokenLogProbs(
  model: Gpt,
  inputs: tf.Tensor2D,
  targets: tf.Tensor2D,
  temperature = 1,
): tf.Tensor2D {
  if (!(temperature > 0)) throw new RangeError(`tokenLogProbs: temperature must be > 0, got ${temperature}`);
  return tf.tidy(() => {
    const [batch, length] = inputs.shape;
    const vocab = model.config.vocabSize;
    const logits = forward(model, inputs).logits;
    const scaled = temperature === 1 ? logits : tf.div(logits, temperature);
    const logProbs = tf.logSoftmax(tf.reshape(scaled, [batch * length, vocab]));
    // One-hot product rather than a gather (no gather gradient on wasm); built as int32, then cast.
    const oneHot = tf.cast(
      tf.oneHot(tf.cast(tf.reshape(targets, [batch * length]), 'int32') as tf.Tensor1D, vocab, 1, 0, 'int32'),
      'float32',
    );
    return tf.reshape(tf.sum(tf.mul(logProbs, oneHot), -1), [batch, length]) as tf.Tensor2D;
  });
}
