import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { api, type Participant } from './api';

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

const AuthContext = createContext<Auth | null>(null);

export const AuthProvider = ({ children }: { children: ReactNode }) => {
  const [me, setMe] = useState<Participant | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    api.me(controller.signal).then(
      (participant) => setMe(participant),
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setError(e);
        setMe(null);
      },
    );
    return () => controller.abort();
  }, []);

  const logIn = useCallback(async (username: string, password: string) => {
    const participant = await api.logIn(username, password);
    setMe(participant);
    setError(null);
    return participant;
  }, []);

  const signUp = useCallback(
    async (username: string, password: string) => {
      await api.signUp(username, password);
      return logIn(username, password);
    },
    [logIn],
  );

  const logOut = useCallback(async () => {
    await api.logOut();
    setMe(null);
  }, []);

  const sessionEnded = useCallback(() => setMe(null), []);

  const value = useMemo(
    () => ({ me, error, logIn, signUp, logOut, sessionEnded }),
    [me, error, logIn, signUp, logOut, sessionEnded],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
};

export const useAuth = (): Auth => {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
};
