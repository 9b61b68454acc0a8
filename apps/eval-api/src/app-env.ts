import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Bindings, Settings } from './env.js';

/** Who is calling: an API key's owner, or the holder of the admin secret. */
export interface Caller {
  keyId: string;
  role: 'user' | 'admin';
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: {
    requestId: string;
    settings: Settings;
    caller: Caller;
    /** The raw JSON body text, kept for Idempotency-Key request hashes. */
    rawBody: string;
  };
}

export type App = OpenAPIHono<AppEnv>;
