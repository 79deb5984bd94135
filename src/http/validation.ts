import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

/**
 * Validates every request part against its TypeBox schema. Bodies are JSON and must have the
 * right types as sent. Path, query and header values arrive as text: only text that spells a
 * number exactly ("42", not "42abc", "0x2a" or "4.2" for an integer) becomes one, so a bad id is
 * a 400 that names it rather than some other lottery.
 * Each validator is compiled on its route's first request, not at start-up (docs/performance.md).
 */
export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  let validator: ReturnType<typeof Compile<TSchema>> | undefined;
  const properties = (schema as { properties?: Record<string, { type?: unknown }> }).properties;
  return (value) => {
    validator ??= Compile(schema);
    const input = httpPart === 'body' || !properties ? value : fromText(properties, value);
    return validator.Check(input) ? { value: input } : { error: [...validator.Errors(input)] };
  };
};

const patterns: Record<string, RegExp> = {
  integer: /^-?\d{1,16}$/,
  number: /^-?\d{1,16}(\.\d{1,16})?$/,
};

const fromText = (properties: Record<string, { type?: unknown }>, value: unknown): unknown => {
  if (typeof value !== 'object' || value === null) return value;
  const converted: Record<string, unknown> = { ...value };
  for (const [name, text] of Object.entries(converted)) {
    const type = properties[name]?.type;
    if (typeof text !== 'string' || typeof type !== 'string') continue;
    if (patterns[type]?.test(text)) converted[name] = Number(text);
    else if (type === 'boolean' && (text === 'true' || text === 'false'))
      converted[name] = text === 'true';
  }
  return converted;
};
