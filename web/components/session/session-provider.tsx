'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { call, ApiError } from '../../api/api-client';
import type { Me } from '../../api/api-types';
import { accountRoutes } from '@server/accounts/account-schemas';

interface SessionState {
  /** undefined while loading, null when signed out. */
  me: Me | null | undefined;
  /** Set when /api/me failed for a reason other than being signed out. */
  error: string | null;
  refresh: () => Promise<Me | null>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: React.ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const result = await call(accountRoutes.me);
      setMe(result);
      setError(null);
      return result;
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) {
        setMe(null);
        setError(null);
        return null;
      }
      setMe(null);
      setError('Could not load your account. Refresh the page to try again.');
      return null;
    }
  }, []);

  const signOut = useCallback(async () => {
    await call(accountRoutes.signOut);
    setMe(null);
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const value = useMemo(() => ({ me, error, refresh, signOut }), [me, error, refresh, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}
