// The brand's official account page, rendered on the server: cover, about, Follow and "Chat with us", live and
// upcoming shows, replays and products. Text from the brand is rendered as text (React escapes it).
import type { BrandHomeView } from '../../../server/brands/brand-profile-schemas';
import { formatMoney } from '../../format/money';
import { EmptyState } from '../feedback/feedback';
import { AskLink } from '../conversations/ask-links';
import { BrandMenu } from '../menus/brand-menu';
import { BrandActions } from './brand-actions';
import { BrandShowGrid as ShowGrid } from './brand-show-grid';
import styles from './brand-home.module.css';

const stockLine = (stock: BrandHomeView['products'][number]['stock']) =>
  stock.status === 'sold_out' ? 'Sold out' : stock.status === 'low' ? `Only ${stock.left} left` : 'In stock';

/** `category`: a menu's "category" shortcut shows that category's products only. */
export function BrandHome({ home, category }: { home: BrandHomeView; category?: string }) {
  const { brand, live, upcoming, replays } = home;
  const wanted = category?.trim().toLowerCase();
  const products = wanted
    ? home.products.filter((product) => product.category.toLowerCase() === wanted)
    : home.products;
  return (
    <main className={styles.page} data-testid="brand-home">
      <header className={styles.header}>
        <div className={styles.cover}>
          {/* biome-ignore lint/performance/noImgElement: uploads are served by the platform itself, already sized; next/image would proxy them */}
          {brand.coverUrl ? <img src={brand.coverUrl} alt="" /> : null}
        </div>
        <div className={`container ${styles.identity}`}>
          <div className={styles.avatar} aria-hidden="true">
            {Array.from(brand.name)[0]?.toUpperCase() ?? '?'}
          </div>
          <div className={styles.names}>
            <h1 className={styles.name}>{brand.name}</h1>
            <p className="muted">
              Official account · {brand.followers.toLocaleString('en')} follower{brand.followers === 1 ? '' : 's'}
            </p>
          </div>
          <BrandActions brandId={brand.id} brandName={brand.name} />
        </div>
      </header>

      <div className="container">
        <BrandMenu brandId={brand.id} />

        {brand.about ? (
          <section className={styles.about} aria-label={`About ${brand.name}`}>
            <p>{brand.about}</p>
          </section>
        ) : null}

        {live.length ? (
          <section className={styles.section}>
            <h2 className={styles.sectionTitle}>
              <span className="badge badge-live">● Live</span> Live now
            </h2>
            <ShowGrid shows={live} brand={brand} testId="brand-live" />
          </section>
        ) : null}

        <section className={styles.section}>
          <h2 className={styles.sectionTitle}>Upcoming shows</h2>
          {upcoming.length ? (
            <ShowGrid shows={upcoming} brand={brand} testId="brand-upcoming" />
          ) : (
            <EmptyState title="No show scheduled yet">Follow {brand.name} to hear about the next one.</EmptyState>
          )}
        </section>

        {replays.length ? (
          <section className={styles.section}>
            <h2 className={styles.sectionTitle}>Replays</h2>
            <ShowGrid shows={replays} brand={brand} testId="brand-replays" />
          </section>
        ) : null}

        <section className={styles.section} id="brand-products">
          <h2 className={styles.sectionTitle}>{wanted && products.length ? `Products: ${category}` : 'Products'}</h2>
          {products.length ? (
            <ul className={styles.products} data-testid="brand-products">
              {products.map((product) => (
                <li key={product.id} id={`product-${product.id}`} className={styles.product}>
                  <div className={styles.productImage}>
                    {/* biome-ignore lint/performance/noImgElement: uploads are served by the platform itself, already sized; next/image would proxy them */}
                    {product.imageUrl ? <img src={product.imageUrl} alt="" loading="lazy" /> : null}
                  </div>
                  <div className={styles.productBody}>
                    <p className={styles.productTitle}>{product.title}</p>
                    <p>
                      <strong>{formatMoney(product.priceMinor, product.currency)}</strong>{' '}
                      <span className={product.stock.status === 'sold_out' ? styles.soldOut : 'muted'}>
                        · {stockLine(product.stock)}
                      </span>
                    </p>
                    <AskLink
                      brandId={brand.id}
                      productId={product.id}
                      label="Ask about this"
                      className={`button button-small ${styles.ask}`}
                    />
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState title="No products yet">Products appear here once the brand adds them.</EmptyState>
          )}
        </section>
      </div>
    </main>
  );
}
