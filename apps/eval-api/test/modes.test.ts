import {
  type GenerationRecord,
  loadShippedTaskset,
  ModeTally,
  type ModeTallyData,
  modeScores,
  scoreRecord,
  scoringContext,
} from '@crossover/tasks';
import { GSM8K_VERIFIER_VERSIONS, modesFor } from '@crossover/verifiers';
import { beforeAll, describe, expect, it } from 'vitest';
import { SAMPLING, toNdjson } from './fixtures.js';
import { api, bearer, env, expectError, issueKey, postJson, waitFor } from './helpers.js';

const gsm8k = loadShippedTaskset('gsm8k/test');
const problems = new Map(gsm8k.problems.map((problem) => [problem.id, problem]));
const GSM8K_MODES = modesFor('gsm8k');

interface RunBody {
  id: string;
  status: string;
  mode: string;
  verifier_version: number | null;
  report: { pass_at_k: Record<string, number>; k: number[] } | null;
  links: Record<string, string>;
}

interface ModesBody {
  run_id: string;
  mode: string;
  modes: Array<{ mode: string; verifier_version: number; pass_at_k: Record<string, number> }>;
  disagreements: Array<{ modes: [string, string]; samples: number; examples: Array<{ completion: string }> }>;
}

let owner: string;
let admin: string;

beforeAll(async () => {
  owner = await issueKey('modes-owner');
  admin = await issueKey('modes-admin', 'admin');
});

/**
 * `problemCount` GSM8K problems x `samples`: sample j of problem i is "#### gold" when (i + j) % 4 == 0, "The
 * answer is gold." (no "####": auto counts it, the strict modes do not) when it is 1, and wrong otherwise.
 */
function records(problemCount: number, samples: number, salt: string): GenerationRecord[] {
  const out: GenerationRecord[] = [];
  for (const problem of gsm8k.problems.slice(0, problemCount)) {
    const gold = (problem.reference as { answer: string }).answer;
    const i = out.length / samples;
    for (let j = 0; j < samples; j++) {
      const kind = (i + j) % 4;
      const completion =
        kind === 0
          ? `Work ${salt}.\n#### ${gold}`
          : kind === 1
            ? `So ${salt}: the answer is ${gold}.`
            : `#### ${gold}9`;
      out.push({ problem_id: problem.id, completion });
    }
  }
  return out;
}

/** What every mode should say of the records, computed here with the scoring packages. */
function expectedTally(list: readonly GenerationRecord[]): ModeTallyData {
  const contexts = GSM8K_MODES.map((mode) => scoringContext('gsm8k', mode, problems));
  const tally = new ModeTally(GSM8K_MODES);
  list.forEach((record, index) => {
    const verdicts = contexts.map((context) => scoreRecord(context, record, index).verdict);
    tally.add(record.problem_id!, record.completion, verdicts);
  });
  return tally.toData();
}

async function createInlineRun(list: GenerationRecord[], model: string, mode?: string): Promise<RunBody> {
  const response = await postJson(
    '/v1/runs',
    {
      model,
      method: 'base',
      sampling: SAMPLING,
      task: 'gsm8k',
      taskset: 'gsm8k/test',
      records: list,
      ...(mode ? { mode } : {}),
    },
    bearer(owner),
  );
  expect(response.status).toBe(201);
  return (await response.json()) as RunBody;
}

async function createUploadedRun(list: GenerationRecord[], model: string): Promise<RunBody> {
  const created = await postJson(
    '/v1/runs',
    { model, method: 'grpo', sampling: SAMPLING, task: 'gsm8k', taskset: 'gsm8k/test' },
    bearer(owner),
  );
  const run = (await created.json()) as RunBody;
  const put = await api(`/v1/runs/${run.id}/generations`, {
    method: 'PUT',
    headers: { 'content-type': 'application/x-ndjson', ...bearer(owner) },
    body: toNdjson(list),
  });
  expect(put.status).toBe(200);
  expect((await api(`/v1/runs/${run.id}/finalize`, { method: 'POST', headers: bearer(owner) })).status).toBe(
    202,
  );
  return waitScored(run.id);
}

function waitScored(id: string): Promise<RunBody> {
  return waitFor(async () => {
    const current = (await (await api(`/v1/runs/${id}`)).json()) as RunBody;
    return current.status === 'scoring' ? null : current;
  });
}

async function modesOf(id: string): Promise<ModesBody> {
  const response = await api(`/v1/runs/${id}/modes`);
  expect(response.status).toBe(200);
  return (await response.json()) as ModesBody;
}

describe('every mode of every run', () => {
  it('stores each mode of an inline run, with the verifier versions and the disagreements', async () => {
    const list = records(40, 4, 'inline');
    const run = await createInlineRun(list, 'modes/inline');
    expect([run.status, run.verifier_version, run.links.modes]).toEqual([
      'scored',
      GSM8K_VERIFIER_VERSIONS.auto,
      `/v1/runs/${run.id}/modes`,
    ]);
    const body = await modesOf(run.id);
    expect(body.modes.map((m) => m.mode)).toEqual([...GSM8K_MODES]);
    const expected = modeScores(expectedTally(list), run.report!.k);
    expect(body.modes.map(({ verifier_version: _, ...scores }) => scores)).toEqual(expected);
    for (const scores of body.modes)
      expect(scores.verifier_version).toBe(GSM8K_VERIFIER_VERSIONS[scores.mode as 'auto']);
    // auto counts "the answer is N." (a quarter of the samples), strict does not.
    const passAt1 = Object.fromEntries(body.modes.map((m) => [m.mode, m.pass_at_k['1']]));
    expect([passAt1.auto, passAt1.strict]).toEqual([0.5, 0.25]);
    expect(run.report!.pass_at_k['1']).toBe(0.5);
    const autoStrict = body.disagreements.find((d) => d.modes.join() === 'auto,strict')!;
    expect(autoStrict.samples).toBe(40);
    expect(autoStrict.examples[0]!.completion).toMatch(/the answer is/);
    expect(body.disagreements[0]!.samples).toBeGreaterThanOrEqual(body.disagreements.at(-1)!.samples);
  });

  it('stores the same per-mode scores for an upload scored chunk by chunk in the queue', async () => {
    // 120 problems x 8 samples = 960 lines: 3 chunks of at most 400 lines (CHUNK_RECORDS in vitest.config.ts).
    const list = records(120, 8, 'queued');
    const run = await createUploadedRun(list, 'modes/queued');
    expect([run.status, run.verifier_version]).toEqual(['scored', GSM8K_VERIFIER_VERSIONS.auto]);
    const chunks = await env.DB.prepare('SELECT COUNT(*) AS n FROM run_chunks WHERE run_id = ?')
      .bind(run.id)
      .first<{ n: number }>();
    expect(chunks!.n).toBe(3);
    const body = await modesOf(run.id);
    const expectedData = expectedTally(list);
    expect(body.modes.map(({ verifier_version: _, ...scores }) => scores)).toEqual(
      modeScores(expectedData, run.report!.k),
    );
    expect(body.disagreements.map((d) => [d.modes.join(), d.samples]).sort()).toEqual(
      expectedData.disagreements.map((d) => [d.modes.join(), d.samples]).sort(),
    );
  });

  it('deletes the per-mode rows with the run', async () => {
    const run = await createInlineRun(records(3, 2, 'deleted'), 'modes/deleted');
    expect((await api(`/v1/runs/${run.id}`, { method: 'DELETE', headers: bearer(owner) })).status).toBe(204);
    const left = await env.DB.prepare('SELECT COUNT(*) AS n FROM run_modes WHERE run_id = ?')
      .bind(run.id)
      .first<{ n: number }>();
    expect(left!.n).toBe(0);
  });
});

describe('/v1/compare by mode', () => {
  let a: RunBody;
  let b: RunBody;
  beforeAll(async () => {
    a = await createInlineRun(records(30, 4, 'cmp-a'), 'modes/cmp-a');
    // b is ranked by strict: by default both are still compared under the task default (auto).
    b = await createInlineRun(records(30, 4, 'cmp-b').reverse(), 'modes/cmp-b', 'strict');
  });

  it("compares under the task's default mode, or the mode asked for", async () => {
    const byDefault = (await (await api(`/v1/compare?a=${a.id}&b=${b.id}`)).json()) as {
      a: { mode: string };
      b: { mode: string };
      points: Array<{ k: number; a: number; b: number }>;
      warnings: Array<{ field: string }>;
    };
    expect([byDefault.a.mode, byDefault.b.mode]).toEqual(['auto', 'auto']);
    expect(byDefault.warnings.map((w) => w.field)).not.toContain('mode');
    expect(byDefault.points[0]).toMatchObject({ k: 1, a: 0.5, b: 0.5 });
    const strict = (await (
      await api(`/v1/compare?a=${a.id}&b=${b.id}&mode=strict`)
    ).json()) as typeof byDefault;
    expect([strict.a.mode, strict.b.mode]).toEqual(['strict', 'strict']);
    expect(strict.points[0]).toMatchObject({ k: 1, a: 0.25, b: 0.25 });
  });

  it('refuses an unknown mode (422) and a mode a run has no scores under (409), naming query.mode', async () => {
    const unknown = await expectError(
      await api(`/v1/compare?a=${a.id}&b=${b.id}&mode=exact`),
      422,
      'invalid_request',
    );
    expect(unknown.field).toBe('query.mode');
    await env.DB.prepare("DELETE FROM run_modes WHERE run_id = ? AND mode = 'flexible'").bind(b.id).run();
    const missing = await expectError(
      await api(`/v1/compare?a=${a.id}&b=${b.id}&mode=flexible`),
      409,
      'invalid_state',
    );
    expect([missing.field, missing.message.includes(b.id)]).toEqual(['query.mode', true]);
  });

  it("falls back to each run's own mode, with a warning, when the default mode is not stored for both", async () => {
    const old = await createInlineRun(records(30, 4, 'cmp-old'), 'modes/cmp-old', 'strict');
    // As a run scored before every mode was stored.
    await env.DB.prepare('DELETE FROM run_modes WHERE run_id = ?').bind(old.id).run();
    await env.DB.prepare('UPDATE board_version SET version = version + 1 WHERE id = 1').run();
    const body = (await (await api(`/v1/compare?a=${a.id}&b=${old.id}`)).json()) as {
      a: { mode: string };
      b: { mode: string };
      warnings: Array<{ field: string; a: string; b: string }>;
    };
    expect([body.a.mode, body.b.mode]).toEqual(['auto', 'strict']);
    expect(body.warnings).toContainEqual({ field: 'mode', a: 'auto', b: 'strict' });
  });
});

describe('POST /v1/runs/{id}/rescore', () => {
  const rescore = (id: string, key?: string) =>
    api(`/v1/runs/${id}/rescore`, { method: 'POST', headers: key ? bearer(key) : {} });

  it('is for admins only, and for scored runs with stored generations', async () => {
    const run = await createInlineRun(records(4, 2, 'rescore-auth'), 'modes/rescore-auth');
    await expectError(await rescore(run.id), 401, 'unauthorized');
    await expectError(await rescore(run.id, owner), 403, 'forbidden');
    await expectError(await rescore('run_00000000000000000000', admin), 404, 'not_found');
    await expectError(await rescore('not-a-run', admin), 422, 'invalid_request');
    const pending = (await (
      await postJson(
        '/v1/runs',
        { model: 'modes/pending', method: 'base', sampling: SAMPLING, task: 'gsm8k', taskset: 'gsm8k/test' },
        bearer(owner),
      )
    ).json()) as RunBody;
    await expectError(await rescore(pending.id, admin), 409, 'invalid_state');
    const unchanged = await env.DB.prepare('SELECT status FROM runs WHERE id = ?')
      .bind(pending.id)
      .first<{ status: string }>();
    expect(unchanged!.status).toBe('pending');
  });

  it('leaves a run scored by the current verifiers as it is (200)', async () => {
    const run = await createInlineRun(records(4, 2, 'rescore-current'), 'modes/rescore-current');
    const response = await rescore(run.id, admin);
    expect(response.status).toBe(200);
    expect(((await response.json()) as RunBody).status).toBe('scored');
    const chunks = await env.DB.prepare('SELECT COUNT(*) AS n FROM run_chunks WHERE run_id = ?')
      .bind(run.id)
      .first<{ n: number }>();
    expect(chunks!.n).toBe(0);
  });

  it('re-scores a run scored before versions and modes were stored, through the queue, once', async () => {
    const list = records(50, 4, 'rescore-old');
    const run = await createInlineRun(list, 'modes/rescore-old');
    const before = (await modesOf(run.id)).modes;
    // As a run scored before migration 0006: no versions, no per-mode rows.
    await env.DB.batch([
      env.DB.prepare('UPDATE runs SET verifier_version = NULL, mode_disagreements = NULL WHERE id = ?').bind(
        run.id,
      ),
      env.DB.prepare('DELETE FROM run_modes WHERE run_id = ?').bind(run.id),
    ]);
    const page = await (await api(`/runs/${run.id}`)).text();
    expect(page).toContain('version not recorded');
    expect(page).toContain('scored before every mode was stored');

    const first = await rescore(run.id, admin);
    expect(first.status).toBe(202);
    expect(((await first.json()) as RunBody).status).toBe('scoring');
    // A second call while it is scoring queues nothing more.
    const second = await rescore(run.id, admin);
    expect(second.status).toBe(202);
    const rescored = await waitScored(run.id);
    expect([rescored.status, rescored.verifier_version]).toEqual(['scored', GSM8K_VERIFIER_VERSIONS.auto]);
    expect(rescored.report).toEqual(run.report);
    expect((await modesOf(run.id)).modes).toEqual(before);
    const chunks = await env.DB.prepare('SELECT COUNT(*) AS n FROM run_chunks WHERE run_id = ?')
      .bind(run.id)
      .first<{ n: number }>();
    expect(chunks!.n).toBe(1);
    // Current again: a third call changes nothing.
    expect((await rescore(run.id, admin)).status).toBe(200);
  });

  it('re-scores an uploaded run chunk by chunk to the same scores', async () => {
    const run = await createUploadedRun(records(110, 8, 'rescore-upload'), 'modes/rescore-upload');
    const before = await modesOf(run.id);
    await env.DB.prepare('UPDATE runs SET verifier_version = 0 WHERE id = ?').bind(run.id).run();
    expect((await rescore(run.id, admin)).status).toBe(202);
    const rescored = await waitScored(run.id);
    expect([rescored.status, rescored.verifier_version, rescored.report]).toEqual(['scored', 1, run.report]);
    expect(await modesOf(run.id)).toEqual(before);
  });
});

describe('the run page by mode', () => {
  it('shows pass@k under every mode, the ranking mode and its verifier version, and the disagreements', async () => {
    const run = await createInlineRun(records(20, 4, 'page <b>x</b>'), 'modes/page');
    const page = await (await api(`/runs/${run.id}`)).text();
    expect(page).toContain('By verifier mode');
    expect(page).toContain(`gsm8k / auto (verifier v${GSM8K_VERIFIER_VERSIONS.auto})`);
    for (const mode of GSM8K_MODES) expect(page).toContain(`<td>${mode}`);
    const [top] = (await modesOf(run.id)).disagreements;
    expect(page).toContain(
      `<strong>${top!.modes[0]}</strong> vs <strong>${top!.modes[1]}</strong>: ${top!.samples} samples judged differently`,
    );
    // Completions are model output: shown escaped, never as markup.
    expect(page).toContain('page &lt;b&gt;x&lt;/b&gt;');
    expect(page).not.toContain('page <b>x</b>');
  });
});
