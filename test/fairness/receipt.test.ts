import { describe, expect, it } from 'vitest';
import {
  type Receipt,
  ballotLeafHash,
  generateSigningKey,
  receiptBytes,
  signReceipt,
  verifyReceipt,
} from '../../src/fairness/index.js';

// The secret key of RFC 8032 section 7.1, TEST 1: a public test key, never a real one.
const testPrivateKeyPem = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
-----END PRIVATE KEY-----
`;
const testPublicKeyPem = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=
-----END PUBLIC KEY-----
`;

const receipt: Receipt = {
  ballotId: 8,
  lotteryId: 'example',
  drawDate: '2023-09-15',
  leafHash: 'ba8aea7c2fc290c12f701c8882484867f53180e996934e4ab41f63a7eda7a82f',
  submittedAt: '2023-09-15T09:30:00.000Z',
};
const signature =
  'ZXobPdsfXVW0he4yVXzTWDCbLDEu77RJMYtC09zz_PWtmPDVvrgE9lnhYyH4twubLIBJ9N5XAYKR2qAmMIBTAQ';

describe('Ballot receipts', () => {
  it('are signed over the documented bytes, with the documented signature', () => {
    expect(receipt.leafHash).toBe(ballotLeafHash('example', '2023-09-15', 8).toString('hex'));
    expect(receiptBytes(receipt).toString('hex')).toBe(
      '000000176c6f74746572792d666169722d76312f72656365697074' +
        '0000000138' +
        '000000076578616d706c65' +
        '0000000a323032332d30392d3135' +
        '00000020ba8aea7c2fc290c12f701c8882484867f53180e996934e4ab41f63a7eda7a82f' +
        '00000018323032332d30392d31355430393a33303a30302e3030305a',
    );
    expect(signReceipt(testPrivateKeyPem, receipt)).toBe(signature); // Ed25519 is deterministic
    expect(verifyReceipt(testPublicKeyPem, receipt, signature)).toBe(true);
  });

  it('verify with a freshly generated key pair', () => {
    const { privateKeyPem, publicKeyPem } = generateSigningKey();
    expect(privateKeyPem).toContain('BEGIN PRIVATE KEY');
    expect(publicKeyPem).toContain('BEGIN PUBLIC KEY');
    const fresh = signReceipt(privateKeyPem, receipt);
    expect(verifyReceipt(publicKeyPem, receipt, fresh)).toBe(true);
    expect(verifyReceipt(testPublicKeyPem, receipt, fresh)).toBe(false);
  });

  it('do not verify once any field is forged', () => {
    const forgeries: Receipt[] = [
      { ...receipt, ballotId: 9 },
      { ...receipt, lotteryId: 'other' },
      { ...receipt, drawDate: '2023-09-16' },
      { ...receipt, leafHash: '00'.repeat(32) },
      { ...receipt, submittedAt: '2023-09-15T09:30:00.001Z' },
    ];
    for (const forged of forgeries)
      expect(verifyReceipt(testPublicKeyPem, forged, signature)).toBe(false);
  });

  it('do not verify with a changed or malformed signature, or a wrong key', () => {
    const bytes = Buffer.from(signature, 'base64url');
    bytes[10] = (bytes[10] as number) ^ 1;
    expect(verifyReceipt(testPublicKeyPem, receipt, bytes.toString('base64url'))).toBe(false);
    expect(verifyReceipt(testPublicKeyPem, receipt, signature.slice(1))).toBe(false);
    expect(verifyReceipt(testPublicKeyPem, receipt, `${signature}==`)).toBe(false);
    expect(verifyReceipt(testPublicKeyPem, receipt, '')).toBe(false);
    expect(verifyReceipt('not a key', receipt, signature)).toBe(false);
    expect(
      verifyReceipt(testPublicKeyPem, { ...receipt, submittedAt: 'yesterday' }, signature),
    ).toBe(false);
  });

  it('must carry the timestamp exactly as toISOString writes it', () => {
    expect(() => receiptBytes({ ...receipt, submittedAt: '2023-09-15T09:30:00Z' })).toThrow(
      RangeError,
    );
    expect(() =>
      receiptBytes({ ...receipt, submittedAt: '2023-09-15T09:30:00.000+00:00' }),
    ).toThrow(RangeError);
    expect(() => receiptBytes({ ...receipt, submittedAt: '2023-02-30T09:30:00.000Z' })).toThrow(
      RangeError,
    );
  });
});
