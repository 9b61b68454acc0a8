// Every response names its request in X-Request-Id. The app's middleware adds the header after the route ran;
// the cached board reads, the hottest routes, build their responses with it instead: setting it afterwards
// reads response.headers, which makes a Headers object per request, and finalizing those lengthens the GC pauses
// that set the reads' tail latency under load (bench/leaderboard-load.mjs).
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const carryingRequestId = new WeakSet<Response>();

/** A response built with the X-Request-Id header of its request (`headers` must hold it). */
export function responseWithRequestId(body: BodyInit | null, init: ResponseInit & { encodeBody?: 'manual' }) {
  const response = new Response(body, init);
  carryingRequestId.add(response);
  return response;
}

/** The request's id as a header, for responseWithRequestId. */
export function requestIdHeader(c: Context<AppEnv>): Record<string, string> {
  return { [REQUEST_ID_HEADER]: c.get('requestId') };
}

/** Adds X-Request-Id to the final response unless it was built with it. */
export function tagResponse(c: Context<AppEnv>, requestId: string): void {
  if (!carryingRequestId.has(c.res)) c.res.headers.set(REQUEST_ID_HEADER, requestId);
}
