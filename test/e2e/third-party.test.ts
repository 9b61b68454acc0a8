// A third party's path: files in lm-evaluation-harness `--log_samples` format and in plain JSONL, POSTed to the
// local Worker with hand-written HTTP/1.0 requests (as curl would send them), and the reports checked against
// values computed here, independently of @crossover/metrics.
import { connect } from 'node:net';
import { type Gsm8kProblem, loadShippedTaskset } from '@crossover/tasks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalWorker } from '../../apps/eval-api/scripts/local-worker.mjs';
import { exactPassAtK, startWorker, tempDir } from './support.js';

const gsm8k = (loadShippedTaskset('gsm8k/test').problems as Gsm8kProblem[]).slice(0, 12);
const SAMPLES = 8;
let worker: LocalWorker;

beforeAll(async () => {
  worker = await startWorker(tempDir('third-party'));
}, 120_000);
afterAll(async () => {
  await worker?.stop();
});

/** Sends one raw HTTP/1.1 request (`Connection: close`) and returns the status and the body. */
function rawPost(path: string, contentType: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(worker.port, '127.0.0.1');
    let received = Buffer.alloc(0);
    const finish = () => {
      const split = received.indexOf('\r\n\r\n');
      if (split < 0) return false;
      const head = received.subarray(0, split).toString('latin1');
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? Number.NaN);
      const payload = received.subarray(split + 4);
      if (Number.isNaN(length) || payload.length < length) return false;
      socket.destroy();
      resolve({ status: Number(head.split(' ')[1]), body: payload.subarray(0, length).toString('utf8') });
      return true;
    };
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      finish();
    });
    socket.on('error', reject);
    socket.on(
      'end',
      () => finish() || reject(new Error(`incomplete response: ${received.toString('utf8')}`)),
    );
    const length = Buffer.byteLength(body);
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${worker.port}\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n` +
        `Content-Type: ${contentType}\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

/** Sample j of problem i is right for j < (i mod 9): correct counts 0..8 of 8, in several answer styles. */
function completion(i: number, j: number): { text: string; correct: boolean } {
  const answer = gsm8k[i]!.reference.answer.replace(/,/g, '');
  const correct = j < i % 9;
  const value = correct ? answer : String(Number(answer) + 7);
  const styles = [`Working.\n#### ${value}`, `So the answer is ${value}.`, `Thus $\\boxed{${value}}$`];
  return { text: styles[(i + j) % styles.length]!, correct };
}

function expectedReport() {
  const ks = [1, 2, 4, 8];
  const counts = gsm8k.map((_, i) => Math.min(i % 9, SAMPLES));
  const passAtK = Object.fromEntries(
    ks.map((k) => [
      String(k),
      counts.reduce((sum, c) => sum + exactPassAtK(SAMPLES, c, k), 0) / counts.length,
    ]),
  );
  const lengths = { correct: [] as number[], incorrect: [] as number[] };
  gsm8k.forEach((_, i) => {
    for (let j = 0; j < SAMPLES; j++) {
      const { text, correct } = completion(i, j);
      (correct ? lengths.correct : lengths.incorrect).push(text.length);
    }
  });
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  return {
    passAtK,
    coverage: counts.filter((c) => c > 0).length / counts.length,
    meanCorrect: mean(lengths.correct),
    meanIncorrect: mean(lengths.incorrect),
    correct: lengths.correct.length,
  };
}

interface Report {
  n_problems: number;
  n_samples: number;
  pass_at_k: Record<string, number>;
  coverage: number;
  lengths: { unit: string; correct: { count: number; mean: number }; incorrect: { mean: number } };
}

function checkReport(report: Report) {
  const expected = expectedReport();
  expect(report.n_problems).toBe(gsm8k.length);
  expect(report.n_samples).toBe(gsm8k.length * SAMPLES);
  for (const k of ['1', '2', '4', '8']) expect(report.pass_at_k[k]).toBeCloseTo(expected.passAtK[k]!, 12);
  expect(report.coverage).toBeCloseTo(expected.coverage, 12);
  expect(report.lengths.unit).toBe('chars');
  expect(report.lengths.correct.count).toBe(expected.correct);
  expect(report.lengths.correct.mean).toBeCloseTo(expected.meanCorrect, 9);
  expect(report.lengths.incorrect.mean).toBeCloseTo(expected.meanIncorrect, 9);
}

describe('a third party POSTs files with raw HTTP', () => {
  it('scores a plain JSONL file of { problem_id, completion } records', async () => {
    const lines = gsm8k.flatMap((problem, i) =>
      Array.from({ length: SAMPLES }, (_, j) =>
        JSON.stringify({ problem_id: problem.id, completion: completion(i, j).text }),
      ),
    );
    const response = await rawPost(
      '/v1/score?task=gsm8k&taskset=gsm8k/test&k=1,2,4,8',
      'application/x-ndjson',
      lines.join('\n'),
    );
    expect(response.status).toBe(200);
    checkReport(JSON.parse(response.body));
  });

  it('scores an lm-evaluation-harness --log_samples file (one line per document and filter)', async () => {
    const lines = gsm8k.flatMap((problem, i) =>
      ['strict-match', 'flexible-extract'].map((filter) =>
        JSON.stringify({
          doc_id: i,
          doc: { question: problem.prompt, answer: `...\n#### ${problem.reference.answer}` },
          target: `...\n#### ${problem.reference.answer}`,
          arguments: [[`Question: ${problem.prompt}\nAnswer:`, { until: ['Question:'] }]],
          resps: [Array.from({ length: SAMPLES }, (_, j) => completion(i, j).text)],
          filtered_resps: [completion(i, 0).text],
          filter,
          metrics: ['exact_match'],
        }),
      ),
    );
    const response = await rawPost(
      '/v1/score?task=gsm8k&taskset=gsm8k/test&k=1,2,4,8',
      'application/x-ndjson',
      lines.join('\n'),
    );
    expect(response.status).toBe(200);
    checkReport(JSON.parse(response.body));
  });

  it('answers a malformed request with the error envelope and its status, never a 500', async () => {
    const response = await rawPost(
      '/v1/score?task=gsm8k',
      'application/x-ndjson',
      '{"problem_id":"gsm8k/test/0"\n',
    );
    expect(response.status).toBe(400);
    const body = JSON.parse(response.body);
    expect(body.error.code).toBeTypeOf('string');
    expect(body.error.message).toMatch(/line 1/);
  });
});
