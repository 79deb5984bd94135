import { createHash } from 'node:crypto';

/**
 * Conditional GETs (RFC 9110, section 13): an answer that carries an ETag may be revalidated with
 * `If-None-Match`, and a client whose copy is current gets `304 Not Modified` without the body.
 * Players polling a day's winners around midnight pay a few headers, not the whole list.
 */

/**
 * A strong entity tag for a serialised body: the same bytes, the same tag. 96 bits of SHA-256
 * tell versions of one answer apart; every answer carries it, so it is kept short.
 */
export const entityTag = (body: string | Buffer | ArrayBuffer): string =>
  `"${createHash('sha256')
    .update(body instanceof ArrayBuffer ? Buffer.from(body) : body)
    .digest('base64url')
    .slice(0, 16)}"`;

/**
 * Whether an `If-None-Match` header names the current tag, so the answer is 304: `*`, or any tag
 * of the list under weak comparison (a `W/` prefix is ignored), as the RFC asks for this header.
 */
export const isNotModified = (ifNoneMatch: string | undefined, tag: string): boolean => {
  if (ifNoneMatch === undefined) return false;
  const opaque = withoutWeak(tag);
  return ifNoneMatch.split(',').some((candidate) => {
    const trimmed = candidate.trim();
    return trimmed === '*' || withoutWeak(trimmed) === opaque;
  });
};

const withoutWeak = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);
