import { beforeAll, describe, expect, it } from 'vitest';
import { createGpt } from '../model/gpt.js';
import { TINY_TEST_CONFIG, useCpuBackend } from '../model/test-helpers.js';
import { buildOnnxModel, buildSidecar } from '../onnx/export.js';
import { OnnxGpt } from '../onnx/session.js';
import { ByteTokenizer } from '../tokenizer/bytes.js';
import { generateBatch } from './generate.js';
import { sampleProblems } from './sample-problems.js';
import { openSampler, SessionSampler } from './sampler.js';

let onnxModel: OnnxGpt;
let onnxBytes: { bytes: Uint8Array; sidecar: ReturnType<typeof buildSidecar> };
const tokenizer = new ByteTokenizer();

beforeAll(async () => {
  await useCpuBackend();
  const model = createGpt(TINY_TEST_CONFIG, 5);
  onnxBytes = { bytes: buildOnnxModel(model), sidecar: buildSidecar(model, tokenizer.toJSON(), {}) };
  onnxModel = await OnnxGpt.fromBytes(onnxBytes.bytes, onnxBytes.sidecar);
});

const greedy = { temperature: 0, topP: 1, pad: 258 };

describe('generateBatch', () => {
  it('runs to maxTokens and marks the row truncated when EOS never comes', async () => {
    const [row] = await generateBatch(onnxModel, [{ prompt: [256, 65, 66], seed: 1 }], {
      ...greedy,
      maxTokens: 6,
      eos: -1,
    });
    expect(row?.tokens).toHaveLength(6);
    expect(row?.truncated).toBe(true);
  });

  it('stops at EOS, leaves EOS out of the tokens and is not truncated', async () => {
    const [free] = await generateBatch(onnxModel, [{ prompt: [256, 65, 66], seed: 1 }], {
      ...greedy,
      maxTokens: 6,
      eos: -1,
    });
    const tokens = free?.tokens ?? [];
    const eos = tokens[2] as number;
    const stopAt = tokens.indexOf(eos);
    const [row] = await generateBatch(onnxModel, [{ prompt: [256, 65, 66], seed: 1 }], {
      ...greedy,
      maxTokens: 6,
      eos,
    });
    expect({ tokens: row?.tokens, truncated: row?.truncated }).toEqual({
      tokens: tokens.slice(0, stopAt),
      truncated: false,
    });
    expect(row?.logProbs).toEqual([]); // greedy: no sampling distribution to report
  });

  it('gives the same tokens with the KV cache as recomputing, also for a left-padded row', async () => {
    const requests = [
      { prompt: [256, 72, 105, 33, 33], seed: 1 },
      { prompt: [256, 72], seed: 2 },
    ];
    const options = { ...greedy, maxTokens: 8, eos: -1 };
    const cached = await generateBatch(onnxModel, requests, options);
    const recomputed = await generateBatch(onnxModel, requests, { ...options, useCache: false });
    expect(cached).toEqual(recomputed);
    // The padded row generates what it generates alone.
    const [alone] = await generateBatch(onnxModel, [{ prompt: [256, 72], seed: 2 }], options);
    expect(cached[1]).toEqual(alone);
  });
});

describe('generateBatch, against the sampler that sorted the whole vocabulary', () => {
  // Tokens the sampler drew before its top-p partial selection and mask buffers (commit 7dc2b60), for
  // this very model and these requests: greedy and nucleus decoding must not have changed.
  const requests = [
    { prompt: [256, 65, 66], seed: 1 },
    { prompt: [256, 72, 73, 74, 75], seed: 2 },
    { prompt: [256, 49], seed: 3 },
  ];
  const options = { maxTokens: 12, eos: 257, pad: 258 };

  it('draws the same tokens at T = 0 and at T = 0.8, top-p 0.95', async () => {
    const greedyRows = await generateBatch(onnxModel, requests, { ...options, temperature: 0, topP: 1 });
    expect(greedyRows.map((r) => r.tokens)).toEqual([
      Array(12).fill(66),
      Array(12).fill(75),
      Array(12).fill(49),
    ]);
    const nucleus = await generateBatch(onnxModel, requests, { ...options, temperature: 0.8, topP: 0.95 });
    expect(nucleus.map((r) => r.tokens)).toEqual([
      [207, 183, 90, 185, 85, 92, 22, 32, 117, 250, 138, 111],
      [233, 223, 52, 19, 139, 160, 230, 34, 233, 95, 26, 12],
      [145, 210, 176, 4, 198, 184, 119, 192, 65, 10, 173, 246],
    ]);
  });
});

describe('sampleProblems', () => {
  const problems = [
    { id: 'countdown/test/0', prompt: 'Use 3 5 7 to make 22.' },
    { id: 'countdown/test/1', prompt: 'Make 10.' },
  ];
  const options = { n: 3, seed: 1, batchSize: 4, temperature: 1, topP: 0.95, maxTokens: 5 };

  it('ends completions before a stop string and counts only the tokens kept', async () => {
    const sampler = new SessionSampler(onnxModel);
    const plain = await sampleProblems(sampler, tokenizer, problems, { ...options, maxTokens: 12 });
    // A stop string taken from inside one of the completions: that one (at least) must be cut there.
    const source = plain.find((r) => r.completion.length >= 4) as (typeof plain)[number];
    const stop = source.completion.slice(2, 4);
    const stopped = await sampleProblems(sampler, tokenizer, problems, {
      ...options,
      maxTokens: 12,
      stop: [stop],
    });
    stopped.forEach((record, i) => {
      const full = (plain[i] as (typeof plain)[number]).completion;
      const at = full.indexOf(stop);
      expect(record.completion).toBe(at < 0 ? full : full.slice(0, at));
      if (at >= 0) expect(record.truncated).toBe(false);
      expect(record.num_tokens).toBeLessThanOrEqual((plain[i] as (typeof plain)[number]).num_tokens);
    });
    expect(stopped.filter((r, i) => r.completion !== plain[i]?.completion).length).toBeGreaterThan(0);
  });

  it('writes one record per sample in the documented shape, reproducibly for a seed', async () => {
    const sampler = new SessionSampler(onnxModel);
    const a = await sampleProblems(sampler, tokenizer, problems, options);
    const b = await sampleProblems(sampler, tokenizer, problems, options);
    expect(a).toEqual(b);
    expect(a.map((r) => [r.problem_id, r.sample_index])).toEqual([
      ['countdown/test/0', 0],
      ['countdown/test/0', 1],
      ['countdown/test/0', 2],
      ['countdown/test/1', 0],
      ['countdown/test/1', 1],
      ['countdown/test/1', 2],
    ]);
    for (const record of a) {
      expect(Object.keys(record).sort()).toEqual([
        'completion',
        'num_tokens',
        'problem_id',
        'sample_index',
        'truncated',
      ]);
      expect(record.num_tokens).toBeLessThanOrEqual(5);
      expect(record.truncated).toBe(record.num_tokens === 5);
    }
    const c = await sampleProblems(sampler, tokenizer, problems, { ...options, seed: 2 });
    expect(c.map((r) => r.completion)).not.toEqual(a.map((r) => r.completion));
  });

  it('gives the same records, in the same order, from a pool of worker threads', async () => {
    const many = Array.from({ length: 7 }, (_, i) => ({
      id: `countdown/test/${i}`,
      prompt: `Make ${i * 7}.`,
    }));
    const settings = { ...options, batchSize: 3, maxTokens: 12 };
    const alone = await sampleProblems(new SessionSampler(onnxModel), tokenizer, many, settings);
    const pool = await openSampler(onnxBytes.bytes, onnxBytes.sidecar, { workers: 3, threads: 1 });
    try {
      expect(pool.parallelism).toBe(3);
      const seen: number[] = [];
      const pooled = await sampleProblems(pool, tokenizer, many, {
        ...settings,
        onRecords: (records) => {
          seen.push(records.length);
        },
      });
      expect(pooled).toEqual(alone);
      // Batches of 3 over 21 samples, reported in order.
      expect(seen).toEqual([3, 3, 3, 3, 3, 3, 3]);
    } finally {
      await pool.release();
    }
  });

  it('reports a worker failure as an error and leaves nothing running', async () => {
    const pool = await openSampler(onnxBytes.bytes, onnxBytes.sidecar, { workers: 2, threads: 1 });
    try {
      // A prompt longer than the context fails inside the worker.
      const long = [
        { id: 'countdown/test/0', prompt: 'x'.repeat(onnxBytes.sidecar.max_position_embeddings) },
      ];
      await expect(sampleProblems(pool, tokenizer, long, options)).rejects.toThrow(
        /no room in the model's context/,
      );
    } finally {
      await pool.release();
    }
  });
});
