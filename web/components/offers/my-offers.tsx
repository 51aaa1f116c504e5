'use client';

import { offerRoutes } from '../../../server/offers/offer-schemas';
import { useApiQuery } from '../../api/queries';
import { formatMoney } from '../../format/money';
import { RequireSession } from '../console/require-session';
import { EmptyState, ErrorState, LoadingState } from '../feedback/feedback';

export function MyOffers() {
  return <RequireSession>{() => <OfferList />}</RequireSession>;
}

function OfferList() {
  const { data, error, loading, reload } = useApiQuery(offerRoutes.mine, {});
  return (
    <main className="container stack">
      <h1>My offers</h1>
      {loading && !data ? <LoadingState /> : null}
      {error ? <ErrorState message={error.message} onRetry={() => void reload()} /> : null}
      {data && data.items.length === 0 ? (
        <EmptyState title="No offers right now">Brands you follow send personal offers here.</EmptyState>
      ) : null}
      {data?.items.map((offer) => (
        <article key={offer.code} className="card stack" style={{ padding: 'var(--space-4)' }} data-testid="my-offer">
          <strong>{offer.title}</strong>
          <span>
            {offer.kind === 'PERCENT'
              ? `${offer.percentOff}% off`
              : `Private price ${formatMoney(offer.priceMinor ?? 0, 'usd')}`}
            {offer.category ? ` · ${offer.category}` : ''} · from {offer.brandName}
          </span>
          <span>
            Code <code className="code">{offer.code}</code> ·{' '}
            {offer.usesLeft === 1 ? 'one use left' : `${offer.usesLeft} uses left`} · until{' '}
            {new Date(offer.expiresAt).toLocaleDateString()}
          </span>
          <span className="muted">Enter the code when you buy; the price is applied at checkout.</span>
        </article>
      ))}
    </main>
  );
}
