import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type Receipt,
  type ReceiptSignature,
  generateSigningKey,
  receiptBytes,
  receiptLeafHash,
  receiptLeafHashes,
  signReceipts,
  verifyReceipt,
} from '../../src/fairness/index.js';
import { signReceiptsInBackground } from '../../src/fairness/receipt.js';

// The secret key of RFC 8032 section 7.1, TEST 1: a public test key, never a real one.
const testPrivateKeyPem = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
-----END PRIVATE KEY-----
`;
const testPublicKeyPem = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=
-----END PUBLIC KEY-----
`;

// The vectors of docs/fairness.md, section 10 (recomputed there with Python's hashlib and
// the cryptography package).
const receipt: Receipt = {
  lotteryId: 'example',
  drawDate: '2023-09-15',
  ballotIds: [8, 9],
  submittedAt: '2023-09-15T09:30:00.000Z',
};
const other: Receipt = { ...receipt, ballotIds: [10] };
const alone: ReceiptSignature = {
  batchSize: 1,
  index: 0,
  path: [],
  ed25519: 'hErk86WiZ0leIVEHEc6zdwCNOBYw7ZljVMtoAXN_R_E--Cde0Yugd9iOKzgmsrIstSqDxqB5CqndpBhKE69bDQ',
};
const pairSignature =
  'Lr36qfIkascur6ZuOqg4noa72bNpHK9e5kOi3YYDBa02KwR6SQpk0tL5Jy7_Y_bOy6IjmiXYyNtw2TmUiuKuCA';

describe('Ballot receipts', () => {
  it('encode as the documented bytes and leaf', () => {
    expect(receiptBytes(receipt).toString('hex')).toBe(
      '000000176c6f74746572792d666169722d76312f72656365697074' +
        '000000076578616d706c65' +
        '0000000a323032332d30392d3135' +
        '00000018323032332d30392d31355430393a33303a30302e3030305a' +
        '0000000132' +
        '0000000138' +
        '0000000139',
    );
    expect(receiptLeafHash(receipt).toString('hex')).toBe(
      'b6fa9f19279963a16b4aa0ee38af577f10d389175e02ea25d885ad9283cd212d',
    );
  });

  it('hashed as a batch, give each receipt its own leaf, whatever they share', () => {
    const batch: Receipt[] = [
      receipt,
      other,
      { ...receipt, lotteryId: 7 },
      { ...receipt, lotteryId: '7' },
      { ...receipt, drawDate: '2023-09-16' },
      { ...receipt, submittedAt: '2023-09-15T09:30:00.001Z' },
      // The shared fields of one could not pass for those of another by shifting a separator.
      { ...receipt, lotteryId: 'a|2023-09-15' },
    ];
    expect(receiptLeafHashes(batch)).toEqual(batch.map(receiptLeafHash));
    expect(() => receiptLeafHashes([receipt, { ...receipt, drawDate: '2023-02-30' }])).toThrow(
      RangeError,
    );
  });

  it('refuse ballot lists that are empty, out of order, repeated or not whole numbers', () => {
    for (const [ballotIds, message] of [
      [[], /at least one ballot/],
      [[9, 8], /strictly ascending/],
      [[8, 8], /strictly ascending/],
      [[8, 9.5], /ballotId must be a non-negative safe integer/],
      [[-1], /ballotId must be a non-negative safe integer/],
    ] as const) {
      expect(() => receiptBytes({ ...receipt, ballotIds: [...ballotIds] })).toThrow(message);
      expect(() => receiptLeafHashes([{ ...receipt, ballotIds: [...ballotIds] }])).toThrow(message);
    }
  });

  it('signed alone, carry the documented signature over their own leaf', () => {
    expect(signReceipts(testPrivateKeyPem, [receipt])).toEqual([alone]); // Ed25519 is deterministic
    expect(verifyReceipt(testPublicKeyPem, receipt, alone)).toBe(true);
  });

  it('signed together, share one signature and each carry their inclusion proof', () => {
    const [first, second] = signReceipts(testPrivateKeyPem, [receipt, other]);
    expect(first).toEqual({
      batchSize: 2,
      index: 0,
      path: [receiptLeafHash(other).toString('hex')],
      ed25519: pairSignature,
    });
    expect(second).toEqual({
      batchSize: 2,
      index: 1,
      path: [receiptLeafHash(receipt).toString('hex')],
      ed25519: pairSignature,
    });
    expect(verifyReceipt(testPublicKeyPem, receipt, first!)).toBe(true);
    expect(verifyReceipt(testPublicKeyPem, other, second!)).toBe(true);
    // Each proof speaks for its own receipt only.
    expect(verifyReceipt(testPublicKeyPem, other, first!)).toBe(false);
  });

  it('signed on the thread pool, are signed exactly as on the event loop', async () => {
    await expect(signReceiptsInBackground(testPrivateKeyPem, [receipt])).resolves.toEqual([alone]);
    const pair = await signReceiptsInBackground(testPrivateKeyPem, [receipt, other]);
    expect(pair).toEqual(signReceipts(testPrivateKeyPem, [receipt, other]));
    expect(pair[0]!.ed25519).toBe(pairSignature);
    await expect(signReceiptsInBackground(testPrivateKeyPem, [])).resolves.toEqual([]);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await expect(signReceiptsInBackground(privateKey, [receipt])).rejects.toThrow(/Ed25519/);
  });

  it('verify in batches of any size, each receipt at its own place', () => {
    const { privateKeyPem, publicKeyPem } = generateSigningKey();
    for (const size of [3, 5, 8, 13, 64, 100]) {
      const batch = Array.from({ length: size }, (_, i) => ({ ...receipt, ballotIds: [i + 1] }));
      const signatures = signReceipts(privateKeyPem, batch);
      expect(new Set(signatures.map((s) => s.ed25519)).size).toBe(1);
      batch.forEach((r, i) => {
        expect(verifyReceipt(publicKeyPem, r, signatures[i]!)).toBe(true);
        expect(verifyReceipt(publicKeyPem, r, signatures[(i + 1) % size]!)).toBe(false);
      });
    }
  });

  it('do not verify with a key other than the signer’s', () => {
    const { privateKeyPem, publicKeyPem } = generateSigningKey();
    expect(privateKeyPem).toContain('BEGIN PRIVATE KEY');
    const [fresh] = signReceipts(privateKeyPem, [receipt]);
    expect(verifyReceipt(publicKeyPem, receipt, fresh!)).toBe(true);
    expect(verifyReceipt(testPublicKeyPem, receipt, fresh!)).toBe(false);
  });

  it('do not verify once any field is forged', () => {
    const forgeries: Receipt[] = [
      { ...receipt, ballotIds: [8] },
      { ...receipt, ballotIds: [8, 9, 10] },
      { ...receipt, ballotIds: [7, 9] },
      { ...receipt, lotteryId: 'other' },
      { ...receipt, drawDate: '2023-09-16' },
      { ...receipt, submittedAt: '2023-09-15T09:30:00.001Z' },
    ];
    for (const forged of forgeries)
      expect(verifyReceipt(testPublicKeyPem, forged, alone)).toBe(false);
  });

  it('do not verify with a changed or malformed signature, proof or place', () => {
    const bytes = Buffer.from(alone.ed25519, 'base64url');
    bytes[10] = (bytes[10] as number) ^ 1;
    const broken: ReceiptSignature[] = [
      { ...alone, ed25519: bytes.toString('base64url') },
      { ...alone, ed25519: alone.ed25519.slice(1) },
      { ...alone, ed25519: `${alone.ed25519}==` },
      { ...alone, ed25519: '' },
      { ...alone, batchSize: 2 },
      { ...alone, index: 1 },
      { ...alone, index: -1 },
      { ...alone, path: ['00'.repeat(32)] },
      { ...alone, path: ['not hex'] },
      { ...alone, path: 'nope' as unknown as string[] },
    ];
    for (const signature of broken)
      expect(verifyReceipt(testPublicKeyPem, receipt, signature)).toBe(false);
    expect(verifyReceipt('not a key', receipt, alone)).toBe(false);
    expect(verifyReceipt(testPublicKeyPem, { ...receipt, submittedAt: 'yesterday' }, alone)).toBe(
      false,
    );
  });

  it('list at least one ballot, ascending, and carry the timestamp as toISOString writes it', () => {
    for (const ballotIds of [[], [9, 8], [8, 8], [-1], [1.5]]) {
      expect(() => receiptBytes({ ...receipt, ballotIds })).toThrow(RangeError);
    }
    for (const submittedAt of [
      '2023-09-15T09:30:00Z',
      '2023-09-15T09:30:00.000+00:00',
      '2023-02-30T09:30:00.000Z',
    ]) {
      expect(() => receiptBytes({ ...receipt, submittedAt })).toThrow(RangeError);
    }
  });
});
