'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from './api-client';
import type { Page } from './api-types';

export interface PaginatedList<T> {
  items: T[];
  loading: boolean;
  loadingMore: boolean;
  error: ApiError | null;
  hasMore: boolean;
  loadMore: () => Promise<void>;
  reload: () => Promise<void>;
  replaceItem: (item: T, matches: (existing: T) => boolean) => void;
}

/**
 * Cursor pagination for `{ items, nextCursor }` lists. `basePath` already holds the filters; a new
 * basePath starts over from the first page.
 */
export function usePaginatedList<T>(basePath: string | null): PaginatedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(basePath !== null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const current = useRef(basePath);

  const withCursor = useCallback(
    (path: string, next: string | null) =>
      next ? `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(next)}` : path,
    [],
  );

  const reload = useCallback(async () => {
    current.current = basePath;
    if (basePath === null) return;
    setLoading(true);
    try {
      const page = await api.get<Page<T>>(basePath);
      if (current.current !== basePath) return;
      setItems(page.items);
      setCursor(page.nextCursor);
      setError(null);
    } catch (caught) {
      if (current.current !== basePath) return;
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'UNKNOWN', 'Something went wrong.'));
    } finally {
      if (current.current === basePath) setLoading(false);
    }
  }, [basePath]);

  const loadMore = useCallback(async () => {
    if (basePath === null || cursor === null) return;
    setLoadingMore(true);
    try {
      const page = await api.get<Page<T>>(withCursor(basePath, cursor));
      if (current.current !== basePath) return;
      setItems((existing) => [...existing, ...page.items]);
      setCursor(page.nextCursor);
      setError(null);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'UNKNOWN', 'Something went wrong.'));
    } finally {
      setLoadingMore(false);
    }
  }, [basePath, cursor, withCursor]);

  const replaceItem = useCallback((item: T, matches: (existing: T) => boolean) => {
    setItems((existing) => existing.map((entry) => (matches(entry) ? item : entry)));
  }, []);

  useEffect(() => {
    setItems([]);
    setCursor(null);
    void reload();
  }, [reload]);

  return { items, loading, loadingMore, error, hasMore: cursor !== null, loadMore, reload, replaceItem };
}
