import { describe, expect, it } from 'vitest';
import { SAMPLING } from './fixtures.js';
import { ADMIN_SECRET, api, env, expectError, issueKey, postJson } from './helpers.js';

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

describe('POST /v1/keys', () => {
  it('issues a random prefixed key, shown once and stored only as its SHA-256', async () => {
    const response = await postJson(
      '/v1/keys',
      { name: 'alice' },
      { authorization: `Bearer ${ADMIN_SECRET}` },
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const issued = (await response.json()) as {
      id: string;
      key: string;
      prefix: string;
      role: string;
      name: string;
    };
    expect(issued.key).toMatch(/^cxk_[A-Za-z0-9_-]{43}$/);
    expect(issued.prefix).toBe(issued.key.slice(0, 12));
    expect([issued.name, issued.role]).toEqual(['alice', 'user']);
    const row = await env.DB.prepare('SELECT * FROM api_keys WHERE id = ?')
      .bind(issued.id)
      .first<Record<string, unknown>>();
    expect(row?.key_hash).toBe(await sha256Hex(issued.key));
    expect(Object.values(row ?? {})).not.toContain(issued.key);

    const second = (await (
      await postJson('/v1/keys', { name: 'alice' }, { authorization: `Bearer ${ADMIN_SECRET}` })
    ).json()) as {
      key: string;
    };
    expect(second.key).not.toBe(issued.key);
  });

  it('requires the admin secret: 401 without credentials, 403 with a wrong secret or an API key', async () => {
    await expectError(await postJson('/v1/keys', { name: 'mallory' }), 401, 'unauthorized');
    await expectError(
      await postJson('/v1/keys', { name: 'mallory' }, { authorization: 'Bearer not-the-secret-at-all' }),
      403,
      'forbidden',
    );
    const issued = (await (
      await postJson('/v1/keys', { name: 'bob' }, { authorization: `Bearer ${ADMIN_SECRET}` })
    ).json()) as {
      key: string;
    };
    await expectError(
      await postJson('/v1/keys', { name: 'bob2' }, { authorization: `Bearer ${issued.key}` }),
      403,
      'forbidden',
    );
  });

  it('validates the body (422 naming the field)', async () => {
    const error = await expectError(
      await postJson('/v1/keys', { name: 'x', role: 'root' }, { authorization: `Bearer ${ADMIN_SECRET}` }),
      422,
      'invalid_request',
    );
    expect(error.field).toBe('role');
  });
});

describe('DELETE /v1/keys/{id}', () => {
  it('revokes a key: its next request gets 401; revoking again answers the first revocation', async () => {
    const admin = { authorization: `Bearer ${ADMIN_SECRET}` };
    const issued = (await (await postJson('/v1/keys', { name: 'to-revoke' }, admin)).json()) as {
      id: string;
      key: string;
    };
    const user = { authorization: `Bearer ${issued.key}` };
    const create = (salt: string) =>
      postJson(
        '/v1/runs',
        { model: `revoke/${salt}`, method: 'base', sampling: SAMPLING, task: 'gsm8k', taskset: 'gsm8k/test' },
        user,
      );
    expect((await create('before')).status).toBe(201);

    await expectError(
      await api(`/v1/keys/${issued.id}`, { method: 'DELETE', headers: user }),
      403,
      'forbidden',
    );
    const revoked = await api(`/v1/keys/${issued.id}`, { method: 'DELETE', headers: admin });
    expect(revoked.status).toBe(200);
    const body = (await revoked.json()) as { id: string; revoked_at: string };
    expect(body.id).toBe(issued.id);
    await expectError(await create('after'), 401, 'unauthorized');

    const again = (await (
      await api(`/v1/keys/${issued.id}`, { method: 'DELETE', headers: admin })
    ).json()) as {
      revoked_at: string;
    };
    expect(again.revoked_at).toBe(body.revoked_at);
    await expectError(
      await api('/v1/keys/key_nobody', { method: 'DELETE', headers: admin }),
      404,
      'not_found',
    );
    const bad = await api('/v1/keys/not-a-key', { method: 'DELETE', headers: admin });
    expect((await expectError(bad, 422, 'invalid_request')).field).toBe('param.id');
  });
});

describe('admin secret rate limit', () => {
  it('answers 429 to a client that keeps guessing the admin secret, even once it guesses right', async () => {
    // wrangler.jsonc: 30 admin-secret attempts a minute per client address. The limiter counts in fixed
    // windows, so a window may roll over mid-test: the 429 comes after at least 30 and at most 60 guesses.
    const guesser = { 'cf-connecting-ip': '203.0.113.201' };
    let refused = 0;
    let limited: Response | null = null;
    for (let guess = 0; guess < 100 && limited === null; guess++) {
      const response = await postJson(
        '/v1/keys',
        { name: 'guess' },
        { ...guesser, authorization: `Bearer wrong-secret-${guess}-0123456789` },
      );
      if (response.status === 429) limited = response;
      else {
        await expectError(response, 403, 'forbidden');
        refused++;
      }
    }
    expect(limited).not.toBeNull();
    expect(refused).toBeGreaterThanOrEqual(30);
    expect(limited!.headers.get('retry-after')).toBe('60');
    await expectError(limited!, 429, 'rate_limited');
    const right = { authorization: `Bearer ${ADMIN_SECRET}` };
    await expectError(
      await postJson('/v1/keys', { name: 'x' }, { ...guesser, ...right }),
      429,
      'rate_limited',
    );
    const revoke = await api('/v1/keys/key_nobody', { method: 'DELETE', headers: { ...guesser, ...right } });
    await expectError(revoke, 429, 'rate_limited');
    // Another client is not affected.
    const other = await postJson(
      '/v1/keys',
      { name: 'x' },
      { 'cf-connecting-ip': '203.0.113.202', ...right },
    );
    expect(other.status).toBe(201);
  });
});

describe('DELETE rate limit', () => {
  it('answers 429 once a key sends more deletes than the write limit', async () => {
    // wrangler.jsonc: 60 writes a minute per key (fixed windows: the 429 after 60 to 120 deletes).
    const owner = { authorization: `Bearer ${await issueKey('deleter')}` };
    let answered = 0;
    let limited: Response | null = null;
    while (limited === null && answered <= 120) {
      const response = await api('/v1/runs/run_00000000000000000000', { method: 'DELETE', headers: owner });
      if (response.status === 429) limited = response;
      else {
        await expectError(response, 404, 'not_found');
        answered++;
      }
    }
    expect(limited).not.toBeNull();
    expect(answered).toBeGreaterThanOrEqual(60);
    await expectError(limited!, 429, 'rate_limited');
  });
});
