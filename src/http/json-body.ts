import { DomainError } from '../domain/index.js';

/** Where a key that could reach an object's prototype sits in a parsed body, if anywhere. */
interface ForbiddenKey {
  key: '__proto__' | 'constructor';
  /** A JSON pointer to it. */
  pointer: string;
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * `__proto__`, or a `constructor` holding a `prototype` (secure-json-parse's rule): harmless
 * in what JSON.parse returns, but one careless merge away from changing what every object
 * inherits (prototype poisoning), so no body may carry them.
 */
const findForbiddenKey = (value: unknown, pointer: string): ForbiddenKey | undefined => {
  if (value === null || typeof value !== 'object') return undefined;
  const node = value as Record<string, unknown>;
  if (Object.hasOwn(node, '__proto__'))
    return { key: '__proto__', pointer: `${pointer}/__proto__` };
  const ctor = Object.hasOwn(node, 'constructor') ? node.constructor : undefined;
  if (ctor !== null && typeof ctor === 'object' && Object.hasOwn(ctor, 'prototype')) {
    return { key: 'constructor', pointer: `${pointer}/constructor` };
  }
  for (const [key, item] of Object.entries(node)) {
    const found = findForbiddenKey(item, `${pointer}/${escapePointer(key)}`);
    if (found) return found;
  }
  return undefined;
};

/**
 * Parses a JSON body. Malformed text throws the SyntaxError (a `malformed-json` problem); a
 * body carrying `__proto__` or `constructor.prototype` is refused as a validation problem that
 * names the key and where it is.
 */
export const parseJsonBody = (text: string): unknown => {
  const value: unknown = JSON.parse(text);
  // The walk only runs when the text could hold such a key at all.
  if (!text.includes('__proto__') && !text.includes('constructor')) return value;
  const found = findForbiddenKey(value, '');
  if (found) {
    throw new DomainError(
      'validation',
      `The body may not contain the key "${found.key}"${found.key === 'constructor' ? ' with a "prototype" inside' : ''}: it is refused wherever it appears, because it could change what every object inherits.`,
      { fields: [{ field: found.pointer, message: `the key "${found.key}" is not accepted` }] },
    );
  }
  return value;
};
