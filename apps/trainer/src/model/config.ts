/** Model sizes as plain data: a preset plus any overrides from the command line. */
export interface ModelConfig {
  /** Tokens in the vocabulary, special tokens included. */
  vocabSize: number;
  /** Longest sequence (prompt + completion) the learned position table covers. */
  blockSize: number;
  nLayer: number;
  nHead: number;
  dModel: number;
  /** Hidden width of the MLP, usually 4 * dModel. */
  dMlp: number;
  /** Epsilon of every LayerNorm. */
  normEps: number;
  /**
   * How tokens know where they are: a learned table added to the embeddings (GPT-2), or rotary
   * embeddings of queries and keys (relative positions for free, which small models on little data
   * need to learn copying). Absent means learned (checkpoints from before the option).
   */
  positions?: PositionKind;
}

export type PositionKind = 'learned' | 'rotary';

export type PresetName = 'tiny' | 'small' | 'base';

/** Sizes without the vocabulary, which the tokenizer decides. */
export const PRESETS: Record<PresetName, Omit<ModelConfig, 'vocabSize'>> = {
  // Trains on 2 CPU cores in minutes: the warm start for RL experiments on Countdown.
  tiny: { blockSize: 512, nLayer: 4, nHead: 4, dModel: 128, dMlp: 512, normEps: 1e-5, positions: 'rotary' },
  small: {
    blockSize: 1024,
    nLayer: 6,
    nHead: 6,
    dModel: 384,
    dMlp: 1536,
    normEps: 1e-5,
    positions: 'rotary',
  },
  // GPT-2 small shape.
  base: {
    blockSize: 1024,
    nLayer: 12,
    nHead: 12,
    dModel: 768,
    dMlp: 3072,
    normEps: 1e-5,
    positions: 'rotary',
  },
};

export function isPresetName(name: string): name is PresetName {
  return name === 'tiny' || name === 'small' || name === 'base';
}

/** A preset with overrides applied, checked for shapes that the model cannot build. */
export function resolveConfig(
  preset: PresetName,
  vocabSize: number,
  overrides: Partial<Omit<ModelConfig, 'vocabSize'>> = {},
): ModelConfig {
  const config: ModelConfig = { ...PRESETS[preset], vocabSize, ...stripUndefined(overrides) };
  if (overrides.dModel !== undefined && overrides.dMlp === undefined) config.dMlp = 4 * config.dModel;
  validateConfig(config);
  return config;
}

export function validateConfig(config: ModelConfig): void {
  for (const key of ['vocabSize', 'blockSize', 'nLayer', 'nHead', 'dModel', 'dMlp'] as const) {
    const value = config[key];
    if (!Number.isInteger(value) || value <= 0)
      throw new RangeError(`model config: ${key} must be a positive integer`);
  }
  if (config.dModel % config.nHead !== 0) {
    throw new RangeError(
      `model config: dModel (${config.dModel}) must be divisible by nHead (${config.nHead})`,
    );
  }
  if (config.positions !== undefined && config.positions !== 'learned' && config.positions !== 'rotary') {
    throw new RangeError(
      `model config: positions must be learned or rotary, got ${String(config.positions)}`,
    );
  }
  if (config.positions === 'rotary' && headDim(config) % 2 !== 0) {
    throw new RangeError('model config: rotary positions need an even head dimension');
  }
}

export function headDim(config: ModelConfig): number {
  return config.dModel / config.nHead;
}

export function usesRotary(config: ModelConfig): boolean {
  return config.positions === 'rotary';
}

/** Base of the rotary frequencies (RoFormer, LLaMA). */
export const ROTARY_BASE = 10_000;

/**
 * cos and sin of position p times each frequency, [blockSize, headDim], each half repeated so that
 * `x * cos + rotateHalf(x) * sin` rotates the pairs (i, i + headDim/2) as GPT-NeoX and LLaMA do.
 */
export function rotaryTables(config: ModelConfig): { cos: Float32Array; sin: Float32Array } {
  const hd = headDim(config);
  const half = hd / 2;
  const cos = new Float32Array(config.blockSize * hd);
  const sin = new Float32Array(config.blockSize * hd);
  for (let p = 0; p < config.blockSize; p++) {
    for (let i = 0; i < half; i++) {
      const angle = p / ROTARY_BASE ** ((2 * i) / hd);
      for (const j of [i, i + half]) {
        cos[p * hd + j] = Math.cos(angle);
        sin[p * hd + j] = Math.sin(angle);
      }
    }
  }
  return { cos, sin };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
