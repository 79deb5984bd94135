/**
 * lottery-fair-v1: the provably-fair draw protocol and its independent verifier
 * (specification: docs/fairness.md).
 */
export { PROTOCOL_VERSION, TAGS, type LotteryId, encodeFields } from './encoding.js';
export {
  SEED_BYTES,
  type OpeningRecord,
  commitment,
  generateSeed,
  openDraw,
  openingRecordHash,
} from './commit.js';
export {
  type Receipt,
  type ReceiptSignature,
  type SigningKeyPair,
  generateSigningKey,
  receiptBatchBytes,
  receiptBytes,
  receiptLeafHash,
  receiptLeafHashes,
  signReceipts,
  verifyReceipt,
} from './receipt.js';
export {
  EMPTY_ROOT,
  MerkleBuilder,
  ballotLeafData,
  ballotLeafHash,
  ballotLeafHasher,
  ballotSubtrees,
  type Subtree,
  hashLeaf,
  hashNode,
  inclusionProof,
  inclusionProofFromStream,
  merkleRoot,
  merkleTreeProofs,
  rootFromInclusion,
  verifyInclusion,
} from './merkle.js';
export {
  type Beacon,
  type BeaconSource,
  FixtureBeaconSource,
  beaconRoundAt,
  beaconRoundTime,
  firstRoundAfter,
  quicknetChain,
  verifyQuicknetBeacon,
} from './beacon.js';
export { type PickInput, type ReadBytes, pickIndex, pickStream, sampleIndex } from './pick.js';
export {
  type Check,
  type CheckName,
  type DrawRecord,
  type DrawVerification,
  type PublishedBallot,
  type PublishedProof,
  type Verification,
  verifyBallotInclusion,
  verifyChainLink,
  verifyDraw,
} from './verify.js';
