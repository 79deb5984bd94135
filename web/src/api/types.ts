import type { paths } from './schema';

/**
 * The API's shapes as the web app uses them, all taken from the generated schema.ts: none is
 * written by hand, so a change on the server shows up here as a type error.
 */

type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;
type Success<O> = O extends { responses: infer R } ? Json<R[Extract<keyof R, 200 | 201>]> : never;

/** The JSON body of a successful answer to `method path`. */
export type ResponseOf<
  P extends keyof paths,
  M extends 'get' | 'post' | 'put' | 'patch' | 'delete',
> = Success<NonNullable<paths[P][M]>>;

/** The JSON body a `method path` request takes. */
export type RequestOf<P extends keyof paths, M extends 'post' | 'put' | 'patch'> =
  NonNullable<paths[P][M]> extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

export type Participant = ResponseOf<'/api/v1/me', 'get'>;
export type Lottery = ResponseOf<'/api/v1/lotteries/{id}', 'get'>;
export type LotteryStatus = Lottery['status'];
export type TodayDraw = NonNullable<Lottery['today']>;
export type LotteryInput = RequestOf<'/api/v1/lotteries', 'post'>;
export type LotteryPatch = RequestOf<'/api/v1/lotteries/{id}', 'patch'>;
export type SubmittedBallots = ResponseOf<'/api/v1/lotteries/{id}/ballots', 'post'>;
export type Draw = ResponseOf<'/api/v1/draws', 'get'>['draws'][number];
export type DrawStatus = Draw['status'];
export type DrawDetail = ResponseOf<'/api/v1/lotteries/{id}/draws/{date}', 'get'>;
export type Fairness = DrawDetail['fairness'];
export type LotteryDrawsPage = ResponseOf<'/api/v1/lotteries/{id}/draws', 'get'>;
export type Win = ResponseOf<'/api/v1/me/wins', 'get'>['wins'][number];
export type MyDraw = ResponseOf<'/api/v1/me/draws', 'get'>['draws'][number];
export type BallotRange = MyDraw['ranges'][number];
