import { z } from '@hono/zod-openapi';

// An empty value (a form's "all") is no filter.
const unlessEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** The board's settings filters, shared by /v1/leaderboard and the board page (see services/board-filters.ts). */
export const BoardSettingsQuerySchema = z.object({
  mode: unlessEmpty(z.string().max(64)).openapi({
    description: 'only runs scored with this verifier mode of the task',
    example: 'strict',
  }),
  temperature: unlessEmpty(z.coerce.number().min(0).max(10)).openapi({ description: 'sampling temperature' }),
  top_p: unlessEmpty(z.coerce.number().gt(0).max(1)).openapi({ description: 'sampling top_p' }),
  max_tokens: unlessEmpty(z.coerce.number().int().positive()).openapi({
    description: 'sampling max_tokens',
  }),
  n: unlessEmpty(z.coerce.number().int().positive()).openapi({
    description: 'samples per problem (runs with the same count for every problem)',
  }),
  prompt_template: unlessEmpty(z.string().max(200)).openapi({
    description: "the prompt template's name, as the runs' provenance gives it",
  }),
});
