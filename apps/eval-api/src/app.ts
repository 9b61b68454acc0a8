import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { App, AppEnv } from './app-env.js';
import { settingsFrom } from './env.js';
import { ApiError, type ErrorCode, errorEnvelope } from './errors.js';
import { tagResponse } from './http/request-id.js';
import { registerCompare } from './routes/compare.js';
import { registerKeys } from './routes/keys.js';
import { registerKeysRevoke } from './routes/keys-revoke.js';
import { registerLeaderboard } from './routes/leaderboard.js';
import { registerOpenApi } from './routes/openapi.js';
import { registerPagesAssets } from './routes/pages-assets.js';
import { registerPagesCompare } from './routes/pages-compare.js';
import { registerPagesLeaderboard } from './routes/pages-leaderboard.js';
import { registerPagesRun } from './routes/pages-run.js';
import { registerPagesTrajectory } from './routes/pages-trajectory.js';
import { registerRunsCreate } from './routes/runs-create.js';
import { registerRunsDelete } from './routes/runs-delete.js';
import { registerRunsFinalize } from './routes/runs-finalize.js';
import { registerRunsGenerations } from './routes/runs-generations.js';
import { registerRunsGet } from './routes/runs-get.js';
import { registerRunsModes } from './routes/runs-modes.js';
import { registerRunsParts } from './routes/runs-parts.js';
import { registerRunsProblems } from './routes/runs-problems.js';
import { registerRunsRescore } from './routes/runs-rescore.js';
import { registerRunsUpload } from './routes/runs-upload.js';
import { registerRunsUploadPart } from './routes/runs-upload-part.js';
import { registerScore } from './routes/score.js';
import { registerTasks } from './routes/tasks.js';
import { registerTrajectory } from './routes/trajectory.js';
import { fieldPath } from './schemas/field-path.js';
import { forgetBoardVersion } from './services/board-cache.js';

/** Turns any thrown value into the one error envelope; only our own bugs become a 500. */
export function handleError(error: unknown, c: Context<AppEnv>): Response {
  const requestId = c.get('requestId') ?? 'unknown';
  const apiError = toApiError(error);
  if (apiError.status >= 500) console.error(`[${requestId}]`, error);
  // also here: an error thrown by the request-id middleware itself never reaches the line after its next()
  return c.json(errorEnvelope(apiError, requestId), apiError.status, { 'X-Request-Id': requestId });
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException) {
    const codes: Partial<Record<number, ErrorCode>> = {
      400: 'bad_request',
      401: 'unauthorized',
      403: 'forbidden',
      404: 'not_found',
      405: 'method_not_allowed',
      413: 'payload_too_large',
      415: 'unsupported_media_type',
    };
    const code = codes[error.status];
    if (code) return new ApiError(code, error.message || code);
  }
  return new ApiError('internal_error', 'internal error');
}

/**
 * Builds the API: request ids, settings from the validated env, the zod hook that turns schema violations
 * into 422s naming the field, and every route.
 */
export function createApp(): App {
  const app: App = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const issue = result.error.issues[0];
      const field = issue ? fieldPath(result.target, issue.path) : result.target;
      throw new ApiError('invalid_request', `${field}: ${issue?.message ?? 'invalid'}`, { field });
    },
  });
  app.use(async (c, next) => {
    const requestId = c.req.header('cf-ray') ?? crypto.randomUUID();
    c.set('requestId', requestId);
    c.set('settings', settingsFrom(c.env));
    await next();
    // On the final response, whoever built it: a header prepared before next() would reach only the responses
    // made through c.body/c.json, and cost a Headers object per request.
    tagResponse(c);
  });
  // A write to runs may change the leaderboard: this isolate re-reads the board version on its next read.
  app.use('/v1/runs/*', async (c, next) => {
    await next();
    if (c.req.method !== 'GET') forgetBoardVersion();
  });
  app.onError(handleError);
  app.notFound((c) =>
    handleError(new ApiError('not_found', `no route for ${c.req.method} ${c.req.path}`), c),
  );

  registerTasks(app);
  registerScore(app);
  registerKeys(app);
  registerKeysRevoke(app);
  registerRunsCreate(app);
  registerRunsGet(app);
  registerRunsProblems(app);
  registerRunsModes(app);
  registerRunsRescore(app);
  registerRunsUpload(app);
  registerRunsUploadPart(app);
  registerRunsParts(app);
  registerRunsFinalize(app);
  registerRunsGenerations(app);
  registerRunsDelete(app);
  registerLeaderboard(app);
  registerCompare(app);
  registerTrajectory(app);
  registerOpenApi(app);
  // The public pages: server-rendered HTML over the same services, with a strict CSP.
  registerPagesLeaderboard(app);
  registerPagesRun(app);
  registerPagesCompare(app);
  registerPagesTrajectory(app);
  registerPagesAssets(app);
  return app;
}
