'use client';

// The console's menus: in the order they are tried (segments by priority, then the default, then tabs), with
// impressions and taps; the editor; "preview as this customer"; and mirroring to LINE.
import { useState } from 'react';
import { audienceRoutes } from '../../../server/audience/audience-schemas';
import { productRoutes } from '../../../server/catalog/product-schemas';
import { menuRoutes, type MenuView } from '../../../server/menus/menu-schemas';
import { segmentRoutes } from '../../../server/segments/segment-schemas';
import { surveyRoutes } from '../../../server/surveys/survey-schemas';
import { call, errorMessage } from '../../api/api-client';
import { useApiQuery, useInvalidate } from '../../api/queries';
import { Alert, EmptyState, ErrorState, LoadingState } from '../feedback/feedback';
import { MenuEditor } from './menu-editor';
import { ShownMenuView } from './shown-menu';
import styles from './menus.module.css';

const placementText = (menu: MenuView) =>
  menu.placement === 'SEGMENT'
    ? `Segment "${menu.segmentName}" · priority ${menu.priority}`
    : menu.placement === 'DEFAULT'
      ? 'Default: everyone else'
      : 'Tab';

export function MenusConsole({ brandId }: { brandId: string }) {
  const menus = useApiQuery(menuRoutes.list, { params: { brandId } });
  const segments = useApiQuery(segmentRoutes.list, { params: { brandId } });
  const products = useApiQuery(productRoutes.list, { params: { brandId }, query: { limit: 100 } });
  const surveys = useApiQuery(surveyRoutes.list, { params: { brandId } });
  const [editing, setEditing] = useState<MenuView | 'new' | null>(null);
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const invalidate = useInvalidate();

  async function remove(menu: MenuView) {
    setMessage(null);
    try {
      await call(menuRoutes.delete, { params: { brandId, menuId: menu.id } });
      await invalidate('Menus');
    } catch (caught) {
      setMessage({ tone: 'error', text: errorMessage(caught) });
    }
  }

  async function mirror() {
    setMessage(null);
    try {
      const synced = await call(menuRoutes.syncLine, { params: { brandId } });
      setMessage({
        tone: 'success',
        text: `LINE: ${synced.menus} menus sent, ${synced.linked} followers linked, ${synced.unlinked} back to the default.`,
      });
      await invalidate('Menus');
    } catch (caught) {
      setMessage({ tone: 'error', text: errorMessage(caught) });
    }
  }

  if (menus.error) return <ErrorState message={menus.error.message} />;
  if (!menus.data) return <LoadingState />;
  const choices = {
    products: products.data?.items.map((product) => ({ id: product.id, title: product.title })) ?? [],
    surveys: surveys.data?.items.map((survey) => ({ id: survey.id, title: survey.title })) ?? [],
    menus: menus.data.items.map((menu) => ({ id: menu.id, name: menu.name })),
  };

  return (
    <section className="stack" data-testid="menus-console">
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      {editing ? (
        <MenuEditor
          key={editing === 'new' ? 'new' : editing.id}
          brandId={brandId}
          menu={editing === 'new' ? null : editing}
          segments={segments.data?.items ?? []}
          choices={choices}
          onDone={() => setEditing(null)}
        />
      ) : (
        <div className="row">
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            New menu
          </button>
          <button type="button" className="button" onClick={() => void mirror()}>
            Mirror to LINE
          </button>
        </div>
      )}
      {menus.data.items.length === 0 ? (
        <EmptyState title="No menu yet">A default menu shows on the brand home and under each chat.</EmptyState>
      ) : (
        <ol className={`stack ${styles.list}`} data-testid="menu-list">
          {menus.data.items.map((menu) => (
            <li
              key={menu.id}
              className="card row"
              style={{ padding: 'var(--space-3)', justifyContent: 'space-between' }}
            >
              <div>
                <strong>{menu.name}</strong>
                <p className="muted">
                  {placementText(menu)} · {menu.kind === 'IMAGE' ? 'image' : 'grid'} · {menu.areas.length} areas ·{' '}
                  {menu.impressions} views · {menu.taps} taps
                  {menu.lineSyncedAt ? ' · on LINE' : ''}
                </p>
              </div>
              <div className="row">
                <button type="button" className="button button-small" onClick={() => setEditing(menu)}>
                  Edit
                </button>
                <button type="button" className="button button-small" onClick={() => void remove(menu)}>
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ol>
      )}
      <PreviewAsCustomer brandId={brandId} />
    </section>
  );
}

/** Pick a follower; see the menu she gets now (her segments, the show calendar). */
function PreviewAsCustomer({ brandId }: { brandId: string }) {
  const [q, setQ] = useState('');
  const [followerId, setFollowerId] = useState<string | null>(null);
  const followers = useApiQuery(audienceRoutes.followers, {
    params: { brandId },
    query: { limit: 20, ...(q ? { q } : {}) },
  });
  const preview = useApiQuery(menuRoutes.preview, followerId ? { params: { brandId }, query: { followerId } } : null);
  return (
    <section className="card stack" style={{ padding: 'var(--space-4)' }} data-testid="menu-preview">
      <h3>Preview as this customer</h3>
      <div className="row">
        <input className="input" placeholder="Search followers" value={q} onChange={(e) => setQ(e.target.value)} />
        <select
          className="select"
          aria-label="Customer"
          value={followerId ?? ''}
          onChange={(e) => setFollowerId(e.target.value || null)}
        >
          <option value="">Choose a follower</option>
          {followers.data?.items.map((follower) => (
            <option key={follower.id} value={follower.id}>
              {follower.name || follower.email || follower.id}
              {follower.tags.length ? ` (${follower.tags.map((tag) => tag.name).join(', ')})` : ''}
            </option>
          ))}
        </select>
      </div>
      {followerId && preview.data === null ? <p className="muted">No menu for her: add a default menu.</p> : null}
      {preview.data ? (
        <>
          <p className="muted" data-testid="menu-preview-name">
            She sees: <strong>{preview.data.name}</strong>
          </p>
          <ShownMenuView menu={preview.data} onTap={() => undefined} disabled />
        </>
      ) : null}
    </section>
  );
}
