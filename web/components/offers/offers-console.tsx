'use client';

import { useState } from 'react';
import { audienceRoutes } from '../../../server/audience/audience-schemas';
import { type OfferView, offerRoutes } from '../../../server/offers/offer-schemas';
import { call, errorMessage } from '../../api/api-client';
import { useApiQuery, useInvalidate } from '../../api/queries';
import { formatMoney, parseMoneyToMinor } from '../../format/money';
import { Alert, EmptyState, ErrorState, LoadingState } from '../feedback/feedback';

/** The console's personal offers: make one for the customers with a tag, send it to their inbox, see its uses. */
export function OffersConsole({ brandId }: { brandId: string }) {
  const offers = useApiQuery(offerRoutes.list, { params: { brandId } });
  const tags = useApiQuery(audienceRoutes.tags, { params: { brandId } });
  const invalidate = useInvalidate();
  const [form, setForm] = useState({
    code: '',
    title: '',
    kind: 'PERCENT' as OfferView['kind'],
    amount: '10',
    category: '',
    tagId: '',
    days: '7',
    perCustomer: '1',
    total: '',
  });
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const set =
    (key: Exclude<keyof typeof form, 'kind'>) => (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
      setForm({ ...form, [key]: event.target.value });

  async function create(event: React.FormEvent) {
    event.preventDefault();
    setMessage(null);
    try {
      await call(offerRoutes.create, {
        params: { brandId },
        body: {
          code: form.code,
          title: form.title,
          kind: form.kind,
          category: form.category || undefined,
          ...(form.kind === 'PERCENT'
            ? { percentOff: Number(form.amount) }
            : { priceMinor: parseMoneyToMinor(form.amount, 'usd') ?? -1 }),
          expiresAt: new Date(Date.now() + Number(form.days) * 86_400_000).toISOString(),
          perCustomerLimit: Number(form.perCustomer),
          ...(form.total ? { totalLimit: Number(form.total) } : {}),
          audience: { tag: form.tagId },
        },
      });
      setMessage({ tone: 'success', text: 'Offer created. Send it when you are ready.' });
      await invalidate(offerRoutes.list);
    } catch (caught) {
      setMessage({ tone: 'error', text: errorMessage(caught) });
    }
  }

  async function send(offer: OfferView) {
    setMessage(null);
    try {
      const sent = await call(offerRoutes.send, { params: { brandId, offerId: offer.id } });
      setMessage({ tone: 'success', text: `Sent to ${sent.added} more customers (${sent.recipients} in all).` });
      await invalidate(offerRoutes.list);
    } catch (caught) {
      setMessage({ tone: 'error', text: errorMessage(caught) });
    }
  }

  return (
    <section className="stack" data-testid="offers-console">
      <form className="card form-grid" style={{ padding: 'var(--space-4)' }} onSubmit={(event) => void create(event)}>
        <label>
          Code
          <input className="input" value={form.code} onChange={set('code')} required maxLength={32} />
        </label>
        <label>
          Title
          <input className="input" value={form.title} onChange={set('title')} required maxLength={120} />
        </label>
        <label>
          Kind
          <select
            className="select"
            value={form.kind}
            onChange={(event) => setForm({ ...form, kind: event.target.value === 'PRICE' ? 'PRICE' : 'PERCENT' })}
          >
            <option value="PERCENT">Percentage off a category</option>
            <option value="PRICE">Private price</option>
          </select>
        </label>
        <label>
          {form.kind === 'PERCENT' ? 'Percent off' : 'Price'}
          <input className="input" value={form.amount} onChange={set('amount')} required inputMode="decimal" />
        </label>
        <label>
          Category
          <input className="input" value={form.category} onChange={set('category')} maxLength={60} />
        </label>
        <label>
          For customers tagged
          <select className="select" value={form.tagId} onChange={set('tagId')} required>
            <option value="">Choose a tag</option>
            {tags.data?.items.map((tag) => (
              <option key={tag.id} value={tag.id}>
                {tag.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Days valid
          <input className="input" type="number" min={1} max={365} value={form.days} onChange={set('days')} />
        </label>
        <label>
          Uses per customer
          <input
            className="input"
            type="number"
            min={1}
            max={100}
            value={form.perCustomer}
            onChange={set('perCustomer')}
          />
        </label>
        <label>
          Uses in all (empty: no limit)
          <input className="input" type="number" min={1} value={form.total} onChange={set('total')} />
        </label>
        <button type="submit" className="button button-primary">
          Create offer
        </button>
      </form>
      <Alert tone={message?.tone ?? 'error'}>{message?.text}</Alert>
      {offers.loading && !offers.data ? <LoadingState /> : null}
      {offers.error ? <ErrorState message={offers.error.message} onRetry={() => void offers.reload()} /> : null}
      {offers.data?.items.length === 0 ? (
        <EmptyState title="No offers yet">
          A private price is made for named products through the API for now.
        </EmptyState>
      ) : null}
      {offers.data?.items.map((offer) => (
        <article
          key={offer.id}
          className="card row"
          style={{ padding: 'var(--space-3)', justifyContent: 'space-between', flexWrap: 'wrap' }}
          data-testid="offer-row"
        >
          <span>
            <strong>{offer.title}</strong> · <code className="code">{offer.code}</code>
            <br />
            <span className="muted">
              {offer.kind === 'PERCENT' ? `${offer.percentOff}% off` : formatMoney(offer.priceMinor ?? 0, 'usd')}
              {offer.category ? ` · ${offer.category}` : ''} · used {offer.used}
              {offer.totalLimit ? ` of ${offer.totalLimit}` : ''} · {offer.recipients ?? 0} customers · until{' '}
              {new Date(offer.expiresAt).toLocaleDateString()}
            </span>
          </span>
          <button
            type="button"
            className="button button-small"
            onClick={() => void send(offer)}
            disabled={Date.parse(offer.expiresAt) <= Date.now()}
          >
            {offer.sentAt ? 'Send to new matches' : 'Send'}
          </button>
        </article>
      ))}
    </section>
  );
}
