'use client';

import { useApiQuery } from '../../api/queries';
import { EmptyState, ErrorState, LoadingState } from '../feedback/feedback';
import { ShowCard } from '../shows/show-card';
import styles from './home-shows.module.css';
import { showRoutes } from '@server/shows/show-schemas';

function ShowSection({
  title,
  status,
  emptyTitle,
  emptyText,
  testId,
}: {
  title: React.ReactNode;
  status: 'live' | 'upcoming';
  emptyTitle: string;
  emptyText: string;
  testId: string;
}) {
  const { data, error, loading, reload } = useApiQuery(showRoutes.publicList, { query: { status } });
  return (
    <section className={styles.section} data-testid={testId} aria-busy={loading}>
      <h2 className={styles.sectionTitle}>{title}</h2>
      {loading && !data ? (
        <LoadingState label="Loading shows…" />
      ) : error && !data ? (
        <ErrorState message="We could not load shows right now." onRetry={reload} />
      ) : data && data.items.length === 0 ? (
        <EmptyState title={emptyTitle}>{emptyText}</EmptyState>
      ) : (
        <div className={styles.grid}>
          {data?.items.map((show) => (
            <ShowCard key={show.id} show={show} />
          ))}
        </div>
      )}
    </section>
  );
}

export function HomeShows() {
  return (
    <main className="container">
      <div className={styles.hero}>
        <h1>Shop live, straight from the brands</h1>
        <p className="muted">Watch live shows, ask questions in the chat and grab flash deals before they sell out.</p>
      </div>
      <ShowSection
        title={
          <>
            <span className="badge badge-live">● Live</span> Live now
          </>
        }
        status="live"
        emptyTitle="Nobody is live right now"
        emptyText="Check the upcoming shows below and come back when they start."
        testId="live-shows"
      />
      <ShowSection
        title="Upcoming shows"
        status="upcoming"
        emptyTitle="No shows scheduled yet"
        emptyText="Brands schedule new shows all the time; check back soon."
        testId="upcoming-shows"
      />
    </main>
  );
}
