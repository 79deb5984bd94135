import { useQuery } from '@tanstack/react-query';
import { allReceipts, receiptsOfDraw } from './store';

/** The cache keys of kept receipts: anything that keeps one invalidates `receiptKeys.all`. */
export const receiptKeys = {
  all: ['receipts'] as const,
  mine: (participantId: number) => ['receipts', participantId] as const,
  ofDraw: (participantId: number, lotteryId: number, date: string) =>
    ['receipts', participantId, lotteryId, date] as const,
};

/** The receipts of one draw kept in this browser (none while logged out). */
export const useDrawReceipts = (
  participantId: number | undefined,
  lotteryId: number,
  date: string,
) =>
  useQuery({
    queryKey: receiptKeys.ofDraw(participantId ?? 0, lotteryId, date),
    queryFn: () => receiptsOfDraw(participantId!, lotteryId, date),
    enabled: participantId !== undefined,
    staleTime: Infinity,
  });

/** Every receipt of the participant kept in this browser. */
export const useAllReceipts = (participantId: number | undefined) =>
  useQuery({
    queryKey: receiptKeys.mine(participantId ?? 0),
    queryFn: () => allReceipts(participantId!),
    enabled: participantId !== undefined,
    staleTime: Infinity,
  });
