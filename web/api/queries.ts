'use client';
// Data fetching for pages: TanStack Query over the typed client (api-client.ts `call`). A query's key is
// [domain, path, params, query], the domain being the route's first OpenAPI tag, so a mutation can invalidate a
// whole domain (`invalidate('Catalog')`) or one route's answers (`invalidate(productRoutes.list)`).
import { type InfiniteData, QueryClient, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Page, ResponseOf, RouteContract } from '../../server/http/route-schemas';
import { ApiError, type CallInput, call } from './api-client';

/** One client per browser tab (the layout's QueryProvider): answers are shared by every component that asks. */
export const createQueryClient = () =>
  new QueryClient({
    defaultOptions: {
      queries: {
        // 0: a page mounting (or a filter coming back) shows the cached answer at once and asks again behind it.
        staleTime: 0,
        // Ask again on a network failure or a 5xx, never on a 4xx (a missing show stays missing).
        retry: (failures, error) =>
          failures < 2 && (!(error instanceof ApiError) || error.status === 0 || error.status >= 500),
        refetchOnWindowFocus: true,
      },
    },
  });

const send = <C extends RouteContract>(contract: C, input: CallInput<C> | undefined): Promise<ResponseOf<C>> =>
  (call as (contract: C, input?: CallInput<C>) => Promise<ResponseOf<C>>)(contract, input);

/** The query key of a route's answer for these params and query. */
export const queryKeyOf = <C extends RouteContract>(contract: C, input?: CallInput<C> | null) =>
  [contract.tags[0] ?? 'api', contract.path, input?.params ?? {}, input?.query ?? {}] as const;

const asApiError = (error: unknown): ApiError | null =>
  error === null ? null : error instanceof ApiError ? error : new ApiError(0, 'UNKNOWN', 'Something went wrong.');

export interface ApiResource<T> {
  data: T | undefined;
  error: ApiError | null;
  /** True until the first answer (or error) for this input arrives. */
  loading: boolean;
  reload: () => Promise<void>;
  /** Puts a mutation's answer in the cache (every component showing it updates), or an update of what is there. */
  setData: (data: T | ((previous: T | undefined) => T | undefined)) => void;
}

/** GETs a route's answer (input null = wait); cached, deduplicated and revalidated by TanStack Query. */
export function useApiQuery<C extends RouteContract>(
  contract: C,
  input: CallInput<C> | null,
  options: { refetchInterval?: number } = {},
): ApiResource<ResponseOf<C>> {
  const client = useQueryClient();
  const key = queryKeyOf(contract, input);
  const query = useQuery({
    queryKey: key,
    queryFn: () => send(contract, input ?? undefined),
    enabled: input !== null,
    refetchInterval: options.refetchInterval,
  });
  const { refetch } = query;
  return {
    data: query.data,
    error: asApiError(query.error),
    loading: query.isLoading,
    reload: useCallback(async () => {
      await refetch();
    }, [refetch]),
    setData: (data) => client.setQueryData<ResponseOf<C>>(key, data),
  };
}

type ItemOf<C extends RouteContract> = ResponseOf<C> extends Page<infer Item> ? Item : never;

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

/** Keyset pages of a `{ items, nextCursor }` route (useInfiniteQuery); a new input starts from the first page. */
export function useApiPages<C extends RouteContract>(
  contract: C,
  input: CallInput<C> | null,
): PaginatedList<ItemOf<C>> {
  type Item = ItemOf<C>;
  type Pages = InfiniteData<Page<Item>, string | undefined>;
  const client = useQueryClient();
  const key = queryKeyOf(contract, input);
  const query = useInfiniteQuery({
    queryKey: [...key, 'pages'],
    queryFn: ({ pageParam }) =>
      send(contract, { ...input, query: { ...input?.query, cursor: pageParam } } as unknown as CallInput<C>) as Promise<
        Page<Item>
      >,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: Page<Item>) => last.nextCursor ?? undefined,
    enabled: input !== null,
  });
  const { refetch, fetchNextPage } = query;
  return {
    items: query.data?.pages.flatMap((page) => page.items) ?? [],
    loading: query.isLoading,
    loadingMore: query.isFetchingNextPage,
    error: asApiError(query.error),
    hasMore: query.hasNextPage,
    loadMore: useCallback(async () => {
      await fetchNextPage();
    }, [fetchNextPage]),
    reload: useCallback(async () => {
      await refetch();
    }, [refetch]),
    replaceItem: (item, matches) =>
      client.setQueryData<Pages>([...key, 'pages'], (old) =>
        old
          ? {
              ...old,
              pages: old.pages.map((page) => ({
                ...page,
                items: page.items.map((entry) => (matches(entry) ? item : entry)),
              })),
            }
          : old,
      ),
  };
}

/** After a mutation: marks a domain's (a tag) or one route's cached answers stale, refetching the ones on screen. */
export function useInvalidate(): (target: string | RouteContract) => Promise<void> {
  const client = useQueryClient();
  return useCallback(
    (target) =>
      client.invalidateQueries({
        queryKey: typeof target === 'string' ? [target] : [target.tags[0] ?? 'api', target.path],
      }),
    [client],
  );
}
