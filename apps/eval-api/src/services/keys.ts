import { randomToken, sha256Hex } from './digest.js';

/** Every key starts with this, so leaked keys are easy to find by secret scanners. */
export const KEY_PREFIX = 'cxk_';
/** How much of a key is kept in clear to show in listings. */
const DISPLAY_PREFIX_LENGTH = KEY_PREFIX.length + 8;

export type KeyRole = 'user' | 'admin';

export interface ApiKeyRecord {
  id: string;
  name: string;
  role: KeyRole;
  prefix: string;
  created_at: string;
}

export interface IssuedKey extends ApiKeyRecord {
  /** The key itself: returned once, never stored. */
  key: string;
}

/** Creates a random key and stores only its SHA-256 and a short display prefix. */
export async function issueKey(db: D1Database, name: string, role: KeyRole): Promise<IssuedKey> {
  const key = KEY_PREFIX + randomToken(32);
  const record: ApiKeyRecord = {
    id: `key_${randomToken(12)}`,
    name,
    role,
    prefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
    created_at: new Date().toISOString(),
  };
  await db
    .prepare('INSERT INTO api_keys (id, name, role, prefix, key_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .bind(record.id, record.name, record.role, record.prefix, await sha256Hex(key), record.created_at)
    .run();
  return { ...record, key };
}

/** The key record a presented key hashes to, or null (unknown, revoked, or not one of our keys). */
export async function findKey(db: D1Database, key: string): Promise<ApiKeyRecord | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 128) return null;
  return db
    .prepare(
      'SELECT id, name, role, prefix, created_at FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL',
    )
    .bind(await sha256Hex(key))
    .first<ApiKeyRecord>();
}

export interface RevokedKey {
  id: string;
  revoked_at: string;
}

/**
 * Revokes a key: every later request with it is refused (findKey skips revoked keys). Revoking twice
 * answers the first revocation; null for an unknown id.
 */
export async function revokeKey(db: D1Database, id: string): Promise<RevokedKey | null> {
  await db
    .prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
    .bind(new Date().toISOString(), id)
    .run();
  return db.prepare('SELECT id, revoked_at FROM api_keys WHERE id = ?').bind(id).first<RevokedKey>();
}
