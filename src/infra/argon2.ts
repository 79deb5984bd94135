import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { argon2id } from 'hash-wasm';

/** argon2id's cost: memory in KiB, passes over it, and lanes. */
export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** Derives an argon2id tag of `length` bytes. */
export type Argon2idDerive = (
  password: string,
  salt: Uint8Array,
  params: Argon2Params,
  length: number,
) => Promise<Uint8Array>;

// node:crypto has argon2 from Node 24.7; @types/node describes Node 22, the oldest we support.
type NodeArgon2 = (
  algorithm: 'argon2id',
  parameters: {
    message: string;
    nonce: Uint8Array;
    parallelism: number;
    tagLength: number;
    memory: number;
    passes: number;
  },
  callback: (error: Error | null, tag: Buffer) => void,
) => void;

const nodeArgon2 = (crypto as unknown as { argon2?: NodeArgon2 }).argon2;

/** OpenSSL's argon2id in node:crypto, computed on libuv's thread pool. Node 24.7 or newer. */
export const nodeCryptoArgon2id: Argon2idDerive | undefined =
  nodeArgon2 &&
  (
    (derive) => (password, salt, params, length) =>
      derive('argon2id', {
        message: password,
        nonce: salt,
        parallelism: params.parallelism,
        tagLength: length,
        memory: params.memoryCost,
        passes: params.timeCost,
      })
  )(promisify(nodeArgon2));

/**
 * hash-wasm's argon2id in WebAssembly, for Node 22. It runs on the calling thread: about 57 ms of
 * the event loop per hash at OWASP's parameters on our CI machine, against none for node:crypto.
 */
export const wasmArgon2id: Argon2idDerive = (password, salt, params, length) =>
  argon2id({
    password,
    salt,
    parallelism: params.parallelism,
    iterations: params.timeCost,
    memorySize: params.memoryCost,
    hashLength: length,
    outputType: 'binary',
  });

/** The fastest argon2id this runtime has; no native addon is ever compiled. */
export const runtimeArgon2id: Argon2idDerive = nodeCryptoArgon2id ?? wasmArgon2id;

// A PHC string: $argon2id$v=19$m=19456,t=2,p=1$<salt>$<tag>, base64 without padding. The
// parameters may come in any order (the argon2 package wrote m, p, t).
const PHC = /^\$argon2id\$v=19\$([a-z]=\d+(?:,[a-z]=\d+)*)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

export interface Argon2idHash {
  params: Argon2Params;
  salt: Buffer;
  tag: Buffer;
}

export const encodeArgon2id = ({ params, salt, tag }: Argon2idHash): string =>
  `$argon2id$v=19$m=${params.memoryCost},t=${params.timeCost},p=${params.parallelism}` +
  `$${salt.toString('base64').replace(/=+$/, '')}$${tag.toString('base64').replace(/=+$/, '')}`;

/** The parts of an argon2id PHC string, or undefined for anything else. */
export const decodeArgon2id = (encoded: string): Argon2idHash | undefined => {
  const match = PHC.exec(encoded);
  if (!match) return undefined;
  const pairs = match[1]!.split(',');
  const fields = new Map(pairs.map((pair) => [pair[0], Number(pair.slice(2))] as const));
  const [memoryCost, timeCost, parallelism] = ['m', 't', 'p'].map((key) => fields.get(key));
  if (!memoryCost || !timeCost || !parallelism || pairs.length !== 3) return undefined;
  return {
    params: { memoryCost, timeCost, parallelism },
    salt: Buffer.from(match[2]!, 'base64'),
    tag: Buffer.from(match[3]!, 'base64'),
  };
};
