import type { App } from '../app-env.js';

/** GET /openapi.json: the OpenAPI document, generated from the same zod schemas that validate requests. */
export function registerOpenApi(app: App): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'ApiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key (cxk_...) issued by POST /v1/keys',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'AdminSecret', {
    type: 'http',
    scheme: 'bearer',
    description: "The deployment's ADMIN_SECRET",
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Crossover eval API',
      version: '0.1.0',
      description:
        'Verified scores, pass@k curves and a leaderboard for reasoning generations (GSM8K, Countdown).',
    },
  });
}
