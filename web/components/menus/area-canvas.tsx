'use client';

// Draw a menu's tappable areas on its image: press, drag, release. Coordinates are kept in image pixels (2500 wide),
// whatever size the image is shown at.
import { useRef, useState } from 'react';
import { menuWidth, type MenuBounds } from '../../../server/menus/menu-schemas';
import styles from './menus.module.css';

const percent = (value: number, of: number) => `${(value / of) * 100}%`;

export function AreaCanvas({
  imageUrl,
  height,
  areas,
  onDraw,
}: {
  imageUrl: string;
  height: number;
  areas: { label: string; bounds?: MenuBounds }[];
  onDraw: (bounds: MenuBounds) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [start, setStart] = useState<{ x: number; y: number } | null>(null);
  const [current, setCurrent] = useState<MenuBounds | null>(null);

  const point = (event: React.PointerEvent) => {
    const rect = box.current!.getBoundingClientRect();
    const clamp = (value: number, max: number) => Math.max(0, Math.min(max, Math.round(value)));
    return {
      x: clamp(((event.clientX - rect.left) / rect.width) * menuWidth, menuWidth),
      y: clamp(((event.clientY - rect.top) / rect.height) * height, height),
    };
  };
  const boundsOf = (a: { x: number; y: number }, b: { x: number; y: number }): MenuBounds => ({
    x: Math.min(a.x, b.x),
    y: Math.min(a.y, b.y),
    width: Math.abs(a.x - b.x),
    height: Math.abs(a.y - b.y),
  });

  return (
    <div
      ref={box}
      className={styles.canvas}
      style={{ aspectRatio: `${menuWidth} / ${height}` }}
      data-testid="menu-canvas"
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        setStart(point(event));
      }}
      onPointerMove={(event) => {
        if (start) setCurrent(boundsOf(start, point(event)));
      }}
      onPointerUp={(event) => {
        if (start) {
          const drawn = boundsOf(start, point(event));
          // A click is not an area: at least 2% of the width and height.
          if (drawn.width > menuWidth / 50 && drawn.height > height / 50) onDraw(drawn);
        }
        setStart(null);
        setCurrent(null);
      }}
    >
      {/* biome-ignore lint/performance/noImgElement: the brand's own upload, shown at its size */}
      <img src={imageUrl} alt="" draggable={false} />
      {[...areas.map((area) => area), ...(current ? [{ label: '', bounds: current }] : [])].map((area, index) =>
        area.bounds ? (
          <span
            // biome-ignore lint/suspicious/noArrayIndexKey: areas are identified by their place in the menu
            key={index}
            className={styles.drawn}
            style={{
              left: percent(area.bounds.x, menuWidth),
              top: percent(area.bounds.y, height),
              width: percent(area.bounds.width, menuWidth),
              height: percent(area.bounds.height, height),
            }}
          >
            {area.label ? `${index + 1}. ${area.label}` : ''}
          </span>
        ) : null,
      )}
    </div>
  );
}
