/**
 * Names a request field for error messages: body fields by their own path (`records.3.completion`),
 * others with their source (`query.k`, `header.idempotency-key`, `param.id`).
 */
export function fieldPath(target: string, path: readonly PropertyKey[]): string {
  const parts = path.map((part) => String(part));
  if (target === 'json') return parts.length > 0 ? parts.join('.') : 'body';
  return [target, ...parts].join('.');
}
