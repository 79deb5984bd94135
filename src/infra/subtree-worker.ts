/**
 * A worker thread of the seal: hashes one run of a draw's ballots into its perfect subtrees
 * (see SubtreeHasherPool).
 */
import { parentPort } from 'node:worker_threads';
import { ballotSubtrees } from '../fairness/merkle.js';

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

parentPort?.on('message', (job: SubtreeJob) => {
  let answer: SubtreeAnswer;
  try {
    answer = { id: job.id, subtrees: ballotSubtrees(job.lotteryId, job.date, job.ballotIds) };
  } catch (error) {
    answer = { id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(answer);
});
