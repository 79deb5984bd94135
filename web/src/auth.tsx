import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api/client';
import { queries, switchParticipant } from './api/queries';
import type { Participant } from './api/types';

interface Auth {
  /** undefined while the session is being checked; null when logged out. */
  me: Participant | null | undefined;
  /** Set when the session could not be checked (server unreachable). */
  error: unknown;
  logIn: (username: string, password: string) => Promise<Participant>;
  signUp: (username: string, password: string) => Promise<Participant>;
  logOut: () => Promise<void>;
  /** Forget the participant after the API said the session has ended (401). */
  sessionEnded: () => void;
}

/** The logged-in participant, from the shared query cache; logging in or out switches it. */
export const useAuth = (): Auth => {
  const client = useQueryClient();
  const session = useQuery({ ...queries.session(), staleTime: 60_000 });
  const logIn = useMutation({
    mutationFn: ({ username, password }: { username: string; password: string }) =>
      api.logIn(username, password),
    onSuccess: (participant) => switchParticipant(client, participant),
  });
  const logOut = useMutation({
    mutationFn: () => api.logOut(),
    onSuccess: () => switchParticipant(client, null),
  });
  const me = session.data !== undefined ? session.data : session.isError ? null : undefined;
  return {
    me,
    error: session.error,
    logIn: (username, password) => logIn.mutateAsync({ username, password }),
    signUp: async (username, password) => {
      await api.signUp(username, password);
      return logIn.mutateAsync({ username, password });
    },
    logOut: () => logOut.mutateAsync().then(() => undefined),
    sessionEnded: () => switchParticipant(client, null),
  };
};
