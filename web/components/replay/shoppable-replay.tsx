'use client';

// The replay as a shop window: chapters from the host's pins (tap to seek), the products pinned at the frame on
// screen (the same cues as during the show, on the replay's playback clock), and the deals of the show with their
// price and result. Products are bought at their normal price (the rail's Buy; sales have ended).
import { useEffect, useState } from 'react';
import { useApiQuery } from '../../api/queries';
import { formatMoney } from '../../format/money';
import { BuyButton } from '../checkout/buy-button';
import { useShowRoom } from '../show-page/show-room-context';
import { pinChapters, pinsAt, saleOutcomes } from '../show-room/cue-timeline';
import { momentLabel, secondsOf } from './replay-moment';
import styles from './shoppable-replay.module.css';
import { cueRoutes } from '@server/cues/cue-schemas';

export interface ReplayClock {
  /** The program date time (ms) of the frame on screen, null before the first one. */
  playingAt(): number | null;
  /** Moves the replay to the frame with this program date time. */
  seek(mediaTimeMs: number): void;
}

export function ShoppableReplay({ clock }: { clock: ReplayClock }) {
  const { showId, show, products } = useShowRoom();
  const cues = useApiQuery(cueRoutes.list, { params: { showId }, query: {} }).data?.items ?? [];
  const [playhead, setPlayhead] = useState<number | null>(null);
  useEffect(() => {
    const timer = setInterval(() => setPlayhead(clock.playingAt()), 250);
    return () => clearInterval(timer);
  }, [clock]);

  const chapters = pinChapters(cues);
  const deals = saleOutcomes(cues);
  const pinned = playhead === null ? [] : pinsAt(cues, playhead, []);
  const current = [...chapters].reverse().find((chapter) => playhead !== null && chapter.at <= playhead);

  return (
    <section className={styles.replay} data-testid="shoppable-replay">
      {pinned.length > 0 ? (
        <div className={styles.cards} data-testid="replay-pinned">
          {pinned.map((pin) => {
            const product = products.find((p) => p.showProductId === pin.showProductId);
            return (
              <article key={pin.showProductId} className={`card ${styles.card}`} data-testid="replay-card">
                <strong>{pin.title}</strong>
                <span>{formatMoney(pin.priceMinor, pin.currency)}</span>
                {product ? <BuyButton showId={showId} product={product} /> : null}
              </article>
            );
          })}
        </div>
      ) : null}
      {chapters.length > 0 ? (
        <nav aria-label="Chapters" data-testid="replay-chapters">
          <h2 className={styles.heading}>Chapters</h2>
          <ol className={styles.chapters}>
            {chapters.map((chapter) => {
              const seconds = secondsOf(show.startedAt, chapter.at);
              return (
                <li key={`${chapter.at}-${chapter.product.showProductId}`}>
                  <button
                    type="button"
                    className={`button ${chapter === current ? 'button-primary' : ''}`}
                    onClick={() => clock.seek(chapter.at)}
                    data-testid="replay-chapter"
                    data-at={chapter.at}
                  >
                    {momentLabel(seconds)} · {chapter.product.title}
                  </button>
                  <a className={styles.share} href={`/shows/${showId}?t=${seconds}`} data-testid="replay-moment-link">
                    Share this moment
                  </a>
                </li>
              );
            })}
          </ol>
        </nav>
      ) : null}
      {deals.length > 0 ? (
        <section data-testid="replay-deals">
          <h2 className={styles.heading}>Deals you missed</h2>
          <ul className={styles.deals}>
            {deals.map(({ sale, result }) => (
              <li key={sale.saleId} data-testid="replay-deal" data-result={result}>
                <strong>{sale.title}</strong> {formatMoney(sale.priceMinor, sale.currency)}{' '}
                <s>{formatMoney(sale.regularPriceMinor, sale.currency)}</s> ·{' '}
                {result === 'sold_out'
                  ? `sold out (${sale.quantity} units)`
                  : `${sale.quantity - sale.remaining} of ${sale.quantity} sold`}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}
