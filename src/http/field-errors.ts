import type { ProblemFieldError } from './problem.js';

/**
 * Turns schema validation issues into field errors a person can act on: one per field, located
 * by a JSON pointer, in plain words ("is required", "is not a known field; remove it").
 */

/** One issue found by schema validation (the shape TypeBox and Ajv share). */
export interface ValidationIssue {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message?: string;
}

const locations: Record<string, ProblemFieldError['in']> = {
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

export const fieldErrors = (issues: ValidationIssue[], context = 'body'): ProblemFieldError[] => {
  const where = locations[context];
  const byField = new Map<string, string[]>();
  const add = (field: string, message: string) => {
    const messages = byField.get(field) ?? [];
    if (!messages.includes(message)) messages.push(message);
    byField.set(field, messages);
  };
  // A value that matches no branch of a nullable type (`anyOf [T, null]`): its T problems suffice.
  const unions = new Set(issues.filter((i) => i.keyword === 'anyOf').map((i) => i.instancePath));
  for (const issue of issues) {
    const path = issue.instancePath;
    if (issue.keyword === 'anyOf') continue;
    if (issue.keyword === 'boolean' && issue.schemaPath.endsWith('/additionalProperties')) continue;
    if (unions.has(path) && issue.keyword === 'type' && issue.params.type === 'null') continue;
    if (issue.keyword === 'required') {
      for (const name of namesIn(issue.params, 'requiredProperties', 'missingProperty')) {
        add(`${path}/${name}`, 'is required');
      }
    } else if (issue.keyword === 'additionalProperties') {
      for (const name of namesIn(issue.params, 'additionalProperties', 'additionalProperty')) {
        add(`${path}/${name}`, 'is not a known field; remove it');
      }
    } else {
      add(path === '' ? '/' : path, messageOf(issue, unions.has(path)));
    }
  }
  return [...byField].map(([field, messages]) => ({
    field,
    message: messages.join('; '),
    ...(where ? { in: where } : {}),
  }));
};

const namesIn = (params: Record<string, unknown>, many: string, one: string): string[] => {
  const value = params[many] ?? params[one];
  return Array.isArray(value) ? value.map(String) : [String(value)];
};

const messageOf = (issue: ValidationIssue, nullable: boolean): string => {
  const { params } = issue;
  switch (issue.keyword) {
    case 'type': {
      const type = String(params.type);
      const noun =
        type === 'integer' || type === 'object' || type === 'array' ? `an ${type}` : `a ${type}`;
      return `must be ${noun}${nullable ? ' or null' : ''}`;
    }
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'format':
      return params.format === 'date'
        ? 'must be a date as YYYY-MM-DD'
        : `must be a valid ${String(params.format)}`;
    case 'minLength':
      return Number(params.limit) === 1
        ? 'must not be empty'
        : `must be at least ${String(params.limit)} characters long`;
    case 'maxLength':
      return `must be at most ${String(params.limit)} characters long`;
    case 'minimum':
      return `must be ${String(params.limit)} or more`;
    case 'maximum':
      return `must be ${String(params.limit)} or less`;
    default:
      return issue.message ?? 'is not valid';
  }
};
