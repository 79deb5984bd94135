import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decodeArgon2id,
  nodeCryptoArgon2id,
  wasmArgon2id,
  type Argon2idDerive,
} from '../../src/infra/argon2.js';
import { argon2Hasher, owaspArgon2 } from '../../src/infra/passwords.js';

/** Hashes made by the `argon2` npm package (the native addon this project used until Node 24). */
const legacy = JSON.parse(
  readFileSync(new URL('../fixtures/argon2-package-hashes.json', import.meta.url), 'utf8'),
) as { madeBy: string; hashes: { password: string; hash: string }[] };

const cheap = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

const backends: [string, Argon2idDerive | undefined][] = [
  ['node:crypto', nodeCryptoArgon2id],
  ['hash-wasm', wasmArgon2id],
];

describe.each(backends)('passwords hashed with argon2id through %s', (_name, derive) => {
  // node:crypto has argon2 from Node 24.7; the Node 22 smoke pass checks the WebAssembly one only.
  const runs = derive !== undefined;
  const hasher = derive && argon2Hasher(cheap, derive);

  it.runIf(runs)('verifies every hash the argon2 package made, and nothing else', async () => {
    const production = argon2Hasher(owaspArgon2, derive);
    for (const { password, hash } of legacy.hashes) {
      expect(await production.verify(hash, password)).toBe(true);
      expect(await production.verify(hash, `${password}x`)).toBe(false);
    }
  });

  it.runIf(runs)('writes a PHC string that the other backend verifies', async () => {
    const hash = await hasher!.hash('a passphrase to remember');
    expect(hash).toMatch(
      /^\$argon2id\$v=19\$m=1024,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
    );
    const other = backends.find(([, d]) => d && d !== derive)?.[1];
    if (other)
      expect(await argon2Hasher(cheap, other).verify(hash, 'a passphrase to remember')).toBe(true);
    expect(await hasher!.verify(hash, 'a passphrase to forget')).toBe(false);
  });

  it.runIf(runs)('salts every hash afresh', async () => {
    expect(await hasher!.hash('same')).not.toBe(await hasher!.hash('same'));
  });

  it.runIf(runs)('refuses a malformed or foreign hash instead of throwing', async () => {
    for (const hash of [
      '',
      'plain text',
      '$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$dGFn',
      '$argon2id$v=16$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$dGFnZ2dnZ2dnZ2dnZ2dnZw',
      '$argon2id$v=19$m=1024,t=1$c2FsdHNhbHRzYWx0$dGFnZ2dnZ2dnZ2dnZ2dnZw',
      '$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$dGE', // a 2-byte tag
    ]) {
      expect(await hasher!.verify(hash, 'anything')).toBe(false);
    }
  });
});

describe('an argon2id PHC string', () => {
  it('is read whatever the order of its parameters', () => {
    const [first] = legacy.hashes;
    expect(decodeArgon2id(first!.hash)?.params).toEqual(owaspArgon2); // written as m, p, t
    const reordered = first!.hash.replace('m=19456,p=1,t=2', 't=2,p=1,m=19456');
    expect(decodeArgon2id(reordered)?.params).toEqual(owaspArgon2);
  });

  it('must name each parameter exactly once', () => {
    const [first] = legacy.hashes;
    expect(decodeArgon2id(first!.hash.replace('m=19456,p=1,t=2', 'm=19456,p=1,t=2,t=3'))).toBe(
      undefined,
    );
    expect(decodeArgon2id(first!.hash.replace('m=19456,p=1,t=2', 'm=19456,p=1,x=2'))).toBe(
      undefined,
    );
  });
});
