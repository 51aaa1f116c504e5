'use client';

// Show cards on the server-rendered brand home. Their times (date, countdown) are in the reader's time zone and
// tick, so the server renders plain cards (title, status, link) and the browser swaps in the full cards once
// hydrated: the HTML stays useful without scripts and hydration never sees a time that differs.
import Link from 'next/link';
import { useSyncExternalStore } from 'react';
import type { BrandHomeShowCard } from '../../../server/brands/brand-profile-schemas';
import type { PublicShow } from '../../api/api-types';
import { ShowCard } from '../shows/show-card';
import { StatusBadge } from '../shows/status-badge';
import styles from './brand-home.module.css';

const subscribe = () => () => {};
const useHydrated = () =>
  useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );

const asPublicShow = (show: BrandHomeShowCard, brand: { id: string; name: string }): PublicShow => ({
  id: show.id,
  title: show.title,
  description: show.description,
  coverUrl: show.coverUrl,
  scheduledStartAt: show.scheduledStartAt,
  status: show.status,
  startedAt: show.startedAt,
  endedAt: show.endedAt,
  hlsUrl: null,
  replayUrl: null,
  brandName: brand.name,
  brandId: brand.id,
  chatRequiresSignIn: true,
});

export function BrandShowGrid({
  shows,
  brand,
  testId,
}: {
  shows: BrandHomeShowCard[];
  brand: { id: string; name: string };
  testId: string;
}) {
  const hydrated = useHydrated();
  return (
    <div className={styles.grid} data-testid={testId}>
      {shows.map((show) =>
        hydrated ? (
          <ShowCard key={show.id} show={asPublicShow(show, brand)} />
        ) : (
          <Link key={show.id} href={show.url} className={styles.plainCard} data-testid="show-card">
            <StatusBadge status={show.status} /> <span>{show.title}</span>
          </Link>
        ),
      )}
    </div>
  );
}
