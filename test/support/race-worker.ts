/**
 * A separate process that either submits ballots or closes draws against a shared database,
 * on a clock shifted so that every worker sees the same made-up midnight. Prints one JSON
 * report on stdout. Used by the concurrency tests.
 */
import { submitBallots } from '../../src/app/ballots.js';
import { silentLogger, type AppContext } from '../../src/app/context.js';
import { closeDueDraws, ensureAllDraws } from '../../src/app/draws.js';
import { openDatabase } from '../../src/db/connect.js';
import { findParticipantById } from '../../src/db/repositories/participants.js';
import { isDomainError } from '../../src/domain/index.js';
import { isCommonPassword } from '../../src/infra/passwords.js';
import { cryptoRandom } from '../../src/infra/system.js';
import { testHasher } from './databases.js';
import { OffsetClock } from './fakes.js';

export interface WorkerConfig {
  url: string;
  role: 'close' | 'submit';
  instanceId: string;
  offsetMs: number;
  /** Real time (epoch ms) at which the worker stops. */
  stopAt: number;
  lotteryIds?: number[];
  participantId?: number;
}

export interface WorkerReport {
  instanceId: string;
  drawn: number;
  accepted: { ids: number[]; drawDate: string; submittedAt: number; lotteryId: number }[];
  refused: number;
  errors: string[];
}

const setup = JSON.parse(process.env.RACE_WORKER ?? '{}') as Omit<
  WorkerConfig,
  'offsetMs' | 'stopAt'
>;
const handle = openDatabase(setup.url, { busyTimeoutMs: 20_000, poolSize: 4 });
await handle.db.selectFrom('lotteries').select('id').limit(1).execute(); // connected

// Ready: wait for the go, which carries the shared clock offset and when to stop.
process.stdout.write('ready\n');
const go = await new Promise<Pick<WorkerConfig, 'offsetMs' | 'stopAt'>>((resolve) => {
  let input = '';
  process.stdin.on('data', (chunk: Buffer) => {
    input += chunk.toString();
    if (input.includes('\n'))
      resolve(JSON.parse(input) as Pick<WorkerConfig, 'offsetMs' | 'stopAt'>);
  });
});
const config: WorkerConfig = { ...setup, ...go };
const ctx: AppContext = {
  db: handle.db,
  dialect: handle.dialect,
  clock: new OffsetClock(config.offsetMs),
  random: cryptoRandom,
  passwords: testHasher,
  isCommonPassword,
  beacon: null,
  instanceId: config.instanceId,
  log: silentLogger,
};
const report: WorkerReport = {
  instanceId: config.instanceId,
  drawn: 0,
  accepted: [],
  refused: 0,
  errors: [],
};
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (config.role === 'close') {
  while (Date.now() < config.stopAt) {
    try {
      // What the scheduler does each pass: open the coming draws, close the due ones.
      await ensureAllDraws(ctx);
      report.drawn += (await closeDueDraws(ctx)).drawn;
    } catch (error) {
      report.errors.push(String(error));
    }
    await pause(Math.random() * 15);
  }
} else {
  const participant = (await findParticipantById(ctx.db, config.participantId!))!;
  while (Date.now() < config.stopAt) {
    for (const lotteryId of config.lotteryIds ?? []) {
      try {
        const r = await submitBallots(
          ctx,
          participant,
          lotteryId,
          1 + Math.floor(Math.random() * 3),
        );
        report.accepted.push({
          ids: r.ballotIds,
          drawDate: r.drawDate,
          submittedAt: r.submittedAt,
          lotteryId,
        });
      } catch (error) {
        if (isDomainError(error, 'lottery-not-open')) report.refused += 1;
        else report.errors.push(String(error));
      }
    }
  }
}
await handle.close();
// Exit only once the report is flushed: a large report written to a pipe can still be
// queued when write() returns, and exiting at once would cut it off.
process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0));
