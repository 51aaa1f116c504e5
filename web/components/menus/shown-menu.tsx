'use client';

// One menu as a customer sees it: the brand's image with its tappable areas (placed in percent, so it scales with
// the screen), or a grid of buttons. Show areas carry what a tap does now ("Watch now" / "Remind me").
import type { ShownArea, ShownMenu } from '../../../server/menus/menu-schemas';
import styles from './menus.module.css';

const percent = (value: number, of: number) => `${(value / of) * 100}%`;

export function ShownMenuView({
  menu,
  onTap,
  disabled = false,
}: {
  menu: ShownMenu;
  onTap: (area: ShownArea) => void;
  disabled?: boolean;
}) {
  if (menu.kind === 'GRID' || !menu.imageUrl) {
    return (
      <div
        className={styles.grid}
        style={{ gridTemplateColumns: `repeat(${menu.columns}, minmax(0, 1fr))` }}
        data-testid="menu-grid"
      >
        {menu.areas.map((area) => (
          <button
            key={area.index}
            type="button"
            className={`${styles.cell} ${area.show?.state === 'live' ? styles.live : ''}`}
            onClick={() => onTap(area)}
            disabled={disabled || (area.type === 'show' && !area.show)}
            data-testid="menu-area"
          >
            {area.label}
            {area.show ? <span className={styles.cellNote}>{area.show.title}</span> : null}
          </button>
        ))}
      </div>
    );
  }
  return (
    <div className={styles.image} style={{ aspectRatio: `${menu.width} / ${menu.height}` }} data-testid="menu-image">
      {/* biome-ignore lint/performance/noImgElement: uploads are served by the platform itself, already sized */}
      <img src={menu.imageUrl} alt={menu.name} />
      {menu.areas.map((area) =>
        area.bounds ? (
          <button
            key={area.index}
            type="button"
            className={styles.area}
            aria-label={area.label}
            title={area.label}
            disabled={disabled}
            style={{
              left: percent(area.bounds.x, menu.width),
              top: percent(area.bounds.y, menu.height),
              width: percent(area.bounds.width, menu.width),
              height: percent(area.bounds.height, menu.height),
            }}
            onClick={() => onTap(area)}
            data-testid="menu-area"
          >
            {area.show ? (
              <span className={`${styles.badge} ${area.show.state === 'live' ? styles.live : ''}`}>{area.label}</span>
            ) : null}
          </button>
        ) : null,
      )}
    </div>
  );
}
