'use client';

// The brand's shortcut menu for whoever looks: hers (the first segment menu that matches her, else the default), on
// the brand home and under her chat. Counts an impression per menu shown and each tap; tabs switch in place.
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { menuRoutes, type ShownArea } from '../../../server/menus/menu-schemas';
import { call } from '../../api/api-client';
import { useApiQuery } from '../../api/queries';
import { ShownMenuView } from './shown-menu';
import styles from './menus.module.css';

export function BrandMenu({ brandId, compact = false }: { brandId: string; compact?: boolean }) {
  const [tab, setTab] = useState<string | null>(null);
  const menu = useApiQuery(menuRoutes.shown, { params: { brandId }, query: tab ? { menuId: tab } : {} });
  const [open, setOpen] = useState(!compact);
  const router = useRouter();
  const shown = menu.data;
  const shownId = shown?.id;

  useEffect(() => {
    if (!shownId || !open) return;
    void call(menuRoutes.event, { params: { brandId, menuId: shownId }, body: { kind: 'impression' } }).catch(() => {});
  }, [brandId, shownId, open]);

  if (!shown) return null;

  function tap(area: ShownArea) {
    if (!shown) return;
    const counted = call(menuRoutes.event, {
      params: { brandId, menuId: shown.id },
      body: { kind: 'tap', areaIndex: area.index },
    }).catch(() => {});
    if (area.type === 'tab' && area.menuId) {
      setTab(area.menuId);
      return;
    }
    if (area.href) {
      const href = area.href;
      // The tap is counted (and she is tagged) before the page changes; a slow answer does not hold her up long.
      void Promise.race([counted, new Promise((resolve) => setTimeout(resolve, 800))]).then(() => router.push(href));
    }
  }

  return (
    <section className={compact ? styles.compact : styles.section} aria-label="Shortcuts" data-testid="brand-menu">
      {compact ? (
        <button type="button" className={styles.bar} onClick={() => setOpen(!open)} aria-expanded={open}>
          {shown.chatBarText} {open ? '▾' : '▴'}
        </button>
      ) : null}
      {open ? <ShownMenuView menu={shown} onTap={tap} /> : null}
      {tab ? (
        <button type="button" className="button button-small" onClick={() => setTab(null)}>
          ← Back
        </button>
      ) : null}
    </section>
  );
}
