/**
 * A worker thread of the seal: hashes one run of a draw's ballots into its perfect subtrees
 * (see SubtreeHasherPool), with hash-wasm's SHA-256: for the 60-odd-byte inputs of a tree it
 * takes 0.8 µs a hash on the project's machine, node:crypto (OpenSSL 3) 1.9 µs.
 */
import { parentPort } from 'node:worker_threads';
import { createSHA256 } from 'hash-wasm';
import { ballotSubtrees, type Sha256 } from '../fairness/merkle.js';

export interface SubtreeJob {
  id: number;
  lotteryId: number;
  date: string;
  ballotIds: Float64Array;
}

export interface SubtreeAnswer {
  id: number;
  subtrees?: { root: Uint8Array; height: number }[];
  error?: string;
}

const hasher = await createSHA256();
const sha256: Sha256 = (data) => {
  hasher.init();
  hasher.update(data);
  return hasher.digest('binary');
};

parentPort?.on('message', (job: SubtreeJob) => {
  let answer: SubtreeAnswer;
  try {
    answer = {
      id: job.id,
      subtrees: ballotSubtrees(job.lotteryId, job.date, job.ballotIds, sha256),
    };
  } catch (error) {
    answer = { id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(answer);
});
