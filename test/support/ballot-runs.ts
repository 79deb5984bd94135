/**
 * One entry per ballot from rows of `ballots`, each a run of `quantity` consecutive numbers from
 * `id` (ADR 0016): what the tests compare against the numbers handed out.
 */
export const eachBallot = <Run extends { id: number; quantity: number }>(
  runs: readonly Run[],
): Run[] =>
  runs.flatMap((run) =>
    Array.from({ length: run.quantity }, (_, i) => ({ ...run, id: run.id + i })),
  );
