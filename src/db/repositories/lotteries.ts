import type { Kysely } from 'kysely';
import { DomainError, type Lottery, type NewLottery } from '../../domain/index.js';
import { isUniqueViolation } from '../errors.js';
import { toLottery } from '../mappers.js';
import type { Database, LotteriesTable } from '../schema.js';

type Db = Kysely<Database>;

const nameKey = (name: string) => name.trim().toLowerCase();

const columns = (lottery: NewLottery): Omit<LotteriesTable, 'id'> => ({
  name: lottery.name,
  name_key: nameKey(lottery.name),
  description: lottery.description,
  starts_on: lottery.startsOn,
  ends_on: lottery.endsOn,
  time_zone: lottery.timeZone,
  created_at: lottery.createdAt,
  cancelled_at: lottery.cancelledAt,
});

const nameTaken = (error: unknown): never => {
  if (isUniqueViolation(error)) throw new DomainError('lottery-name-taken');
  throw error;
};

export const insertLottery = async (db: Db, lottery: NewLottery): Promise<Lottery> => {
  const row = await db
    .insertInto('lotteries')
    .values(columns(lottery))
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch(nameTaken);
  return toLottery(row);
};

export const updateLottery = async (db: Db, lottery: Lottery): Promise<Lottery> => {
  const { created_at: _created, ...changes } = columns(lottery);
  const row = await db
    .updateTable('lotteries')
    .set(changes)
    .where('id', '=', lottery.id)
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch(nameTaken);
  return toLottery(row);
};

export const findLottery = async (db: Db, id: number): Promise<Lottery | undefined> => {
  const row = await db.selectFrom('lotteries').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toLottery(row);
};

export const findLotteryByName = async (db: Db, name: string): Promise<Lottery | undefined> => {
  const row = await db
    .selectFrom('lotteries')
    .selectAll()
    .where('name_key', '=', nameKey(name))
    .executeTakeFirst();
  return row && toLottery(row);
};

export const listLotteries = async (db: Db): Promise<Lottery[]> =>
  (await db.selectFrom('lotteries').selectAll().orderBy('id').execute()).map(toLottery);

/** Lotteries that may still need draws opened or closed: not ended long ago. */
export const listActiveLotteries = async (db: Db, today: string): Promise<Lottery[]> =>
  (
    await db
      .selectFrom('lotteries')
      .selectAll()
      .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', today)]))
      .orderBy('id')
      .execute()
  ).map(toLottery);
