'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from './api-client';

export interface ApiResource<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => Promise<void>;
  setData: (data: T) => void;
}

/** GETs a path (null = wait) and keeps the latest answer; stale answers for an old path are dropped. */
export function useApiResource<T>(path: string | null): ApiResource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const latest = useRef(path);

  const load = useCallback(async () => {
    latest.current = path;
    if (path === null) return;
    setLoading(true);
    try {
      const result = await api.get<T>(path);
      if (latest.current === path) {
        setData(result);
        setError(null);
      }
    } catch (caught) {
      if (latest.current === path) {
        setError(caught instanceof ApiError ? caught : new ApiError(0, 'UNKNOWN', 'Something went wrong.'));
      }
    } finally {
      if (latest.current === path) setLoading(false);
    }
  }, [path]);

  useEffect(() => {
    void load();
  }, [load]);

  return { data, error, loading, reload: load, setData };
}
