/**
 * What the SFT and RL loops share around their steps: the optimizer over the model's weights, the resumable
 * state (restored from a checkpoint when resuming), checkpoints that capture the data cursor, and evaluation
 * lines in metrics.jsonl.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Gpt, namedWeights } from '../model/gpt.js';
import { ADAMW_DEFAULTS, AdamW } from './adamw.js';
import { type CheckpointConfig, checkpointName, saveCheckpoint, type TrainState } from './checkpoint.js';
import type { DataCursor } from './data.js';

export interface SessionRun {
  model: Gpt;
  config: CheckpointConfig;
  options: { weightDecay: number; runDir: string };
  /** From a checkpoint when resuming. */
  state?: TrainState;
  optimizerState?: Float32Array | null;
  evaluate?: (model: Gpt, step: number) => Promise<object>;
  onEval?: (step: number, result: object) => void;
}

export interface TrainingSession {
  weights: ReturnType<typeof namedWeights>[number][1][];
  optimizer: AdamW;
  state: TrainState;
  metricsPath: string;
  /** Saves weights, optimizer, state and the current data cursor under checkpoints/step-N. */
  checkpoint(): Promise<void>;
  /** Runs the evaluator, if any, and appends its line to metrics.jsonl. */
  evaluate(): Promise<void>;
  /** After a step: the evaluation and checkpoint due on their schedules (the last step's come from finish). */
  afterStep(schedule: { evalEvery: number; checkpointEvery: number }, lastStep: number): Promise<void>;
  /** The final checkpoint and evaluation. */
  finish(): Promise<void>;
}

/** @param cursor the data order's current position, read at start (fresh run) and at every checkpoint */
export async function openSession(run: SessionRun, cursor: () => DataCursor): Promise<TrainingSession> {
  const { model, options } = run;
  const weights = namedWeights(model).map(([, v]) => v);
  const optimizer = new AdamW(weights, { ...ADAMW_DEFAULTS, weightDecay: options.weightDecay });
  const state: TrainState = run.state
    ? { ...run.state }
    : { step: 0, optimizerStep: 0, cursor: cursor(), tokensSeen: 0 };
  if (run.optimizerState) optimizer.restore(run.optimizerState, state.optimizerStep);
  await mkdir(join(options.runDir, 'checkpoints'), { recursive: true });
  const metricsPath = join(options.runDir, 'metrics.jsonl');
  async function checkpoint(): Promise<void> {
    state.cursor = cursor();
    state.optimizerStep = optimizer.step;
    await saveCheckpoint(join(options.runDir, 'checkpoints', checkpointName(state.step)), {
      config: run.config,
      state,
      model,
      optimizerState: optimizer.serialize(),
    });
  }
  async function evaluate(): Promise<void> {
    if (!run.evaluate) return;
    const result = await run.evaluate(model, state.step);
    await appendFile(metricsPath, `${JSON.stringify({ step: state.step, eval: result })}\n`);
    run.onEval?.(state.step, result);
  }
  return {
    weights,
    optimizer,
    state,
    metricsPath,
    checkpoint,
    evaluate,
    async afterStep({ evalEvery, checkpointEvery }, lastStep) {
      if (state.step === lastStep) return;
      if (evalEvery > 0 && state.step % evalEvery === 0) await evaluate();
      if (state.step % checkpointEvery === 0) await checkpoint();
    },
    async finish() {
      await checkpoint();
      await evaluate();
    },
  };
}
