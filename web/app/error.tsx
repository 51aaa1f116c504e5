'use client';

import { ErrorState } from '../components/feedback/feedback';

/** Last-resort boundary: a rendering error shows a retry instead of a blank page. */
export default function RouteError({ reset }: { error: Error; reset: () => void }) {
  return (
    <main className="container">
      <ErrorState message="Something went wrong on this page." onRetry={reset} />
    </main>
  );
}
