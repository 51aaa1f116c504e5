'use client';

// A time-series chart on uPlot (canvas; small and fast enough to redraw every few seconds while a show is live),
// in the brand's time zone, with markers (pins, flash sales) drawn as labelled vertical lines on the same axis.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import styles from './analytics.module.css';

export interface ChartSeries {
  label: string;
  values: number[];
  color: string;
  /** bars instead of a line (counts per minute) */
  bars?: boolean;
}

export interface ChartMarker {
  /** seconds since the epoch */
  at: number;
  label: string;
  color: string;
}

interface Props {
  title: string;
  /** seconds since the epoch, one per point */
  times: number[];
  series: ChartSeries[];
  markers?: ChartMarker[];
  timeZone: string;
  height?: number;
  testId?: string;
  /** a category chart instead of a time one: times are then 0..n-1 and these are their names */
  categories?: string[];
}

function markerPlugin(markers: ChartMarker[]): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u) => {
          const { ctx, bbox } = u;
          ctx.save();
          ctx.font = `${Math.round(11 * devicePixelRatio)}px system-ui, sans-serif`;
          markers.forEach((marker, index) => {
            const x = Math.round(u.valToPos(marker.at, 'x', true));
            if (x < bbox.left || x > bbox.left + bbox.width) return;
            ctx.strokeStyle = marker.color;
            ctx.fillStyle = marker.color;
            ctx.lineWidth = 2 * devicePixelRatio;
            ctx.setLineDash([5 * devicePixelRatio, 4 * devicePixelRatio]);
            ctx.beginPath();
            ctx.moveTo(x, bbox.top);
            ctx.lineTo(x, bbox.top + bbox.height);
            ctx.stroke();
            // Labels step down so neighbouring markers do not print over each other, and go on the line's left
            // when the right has no room (uPlot leaves the axes' text alignment on the context: set ours).
            const text = marker.label.slice(0, 28);
            const gap = 4 * devicePixelRatio;
            const roomRight = x + gap + ctx.measureText(text).width <= bbox.left + bbox.width;
            ctx.textAlign = roomRight ? 'left' : 'right';
            ctx.textBaseline = 'alphabetic';
            ctx.fillText(text, roomRight ? x + gap : x - gap, bbox.top + (12 + (index % 3) * 13) * devicePixelRatio);
          });
          ctx.restore();
        },
      ],
    },
  };
}

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * A category's name in the room it has under its bar: words on up to two lines of `max` characters, the rest cut
 * with an ellipsis (on one line the names ran into each other on a phone).
 */
function categoryLabel(name: string, max: number): string {
  const lines: string[] = [];
  for (const word of name.split(/\s+/).filter(Boolean)) {
    const last = lines.length - 1;
    if (last >= 0 && `${lines[last]} ${word}`.length <= max) lines[last] = `${lines[last]} ${word}`;
    else lines.push(word);
  }
  if (lines.length > 2) lines.splice(1, lines.length - 1, `${lines.slice(1).join(' ')}`);
  return lines.map((line) => shorten(line, max)).join('\n');
}

/** The minutes and markers with a margin, and at least ten minutes wide (one minute of data is not years wide). */
function timeRange(times: number[], markers: ChartMarker[]): [number, number] {
  const all = [...times, ...markers.map((m) => m.at)];
  if (all.length === 0) return [0, 600];
  let low = Math.min(...all) - 60;
  let high = Math.max(...all) + 60;
  if (high - low < 600) {
    const middle = (low + high) / 2;
    low = middle - 300;
    high = middle + 300;
  }
  return [low, high];
}

export function TimeChart({ title, times, series, markers = [], timeZone, height = 220, testId, categories }: Props) {
  const holder = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const width = Math.max(280, element.clientWidth);
    // ~7 px a character at the axis' 12 px font, in the plot's width (the y axis takes ~50 px)
    const charsPerCategory = categories ? Math.floor(((width - 50) / categories.length - 6) / 7) : 0;
    const crowded =
      categories?.some((name) => name.split(/\s+/).some((word) => word.length > charsPerCategory)) ?? false;
    const options: uPlot.Options = {
      width,
      height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone),
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: categories
          ? { time: false, range: [-0.5, categories.length - 0.5] }
          : { time: true, range: () => timeRange(times, markers) },
      },
      axes: [
        categories
          ? {
              stroke: '#555',
              grid: { show: false },
              ticks: { show: false },
              space: 10,
              incrs: [1],
              // Names that cannot fit under their bars even on two lines (a phone: ~40 px a funnel step) are slanted.
              rotate: crowded ? 35 : 0,
              size: crowded ? 78 : 50,
              values: (_u, splits) =>
                splits.map((i) =>
                  Number.isInteger(i)
                    ? crowded
                      ? shorten(categories[i] ?? '', 12)
                      : categoryLabel(categories[i] ?? '', charsPerCategory)
                    : '',
                ),
            }
          : { stroke: '#555', grid: { stroke: '#eee' }, ticks: { stroke: '#ddd' }, space: 60 },
        { stroke: '#555', grid: { stroke: '#eee' }, ticks: { stroke: '#ddd' }, size: 44 },
      ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          fill: s.bars ? `${s.color}55` : undefined,
          paths: s.bars ? uPlot.paths.bars?.({ size: [0.7, 24] }) : undefined,
          points: { show: times.length < 3 },
        })),
      ],
      plugins: [markerPlugin(markers)],
    };
    const data: uPlot.AlignedData = [times, ...series.map((s) => s.values)];
    plot.current?.destroy();
    plot.current = new uPlot(options, data, element);
    const resize = new ResizeObserver(() =>
      plot.current?.setSize({ width: Math.max(280, element.clientWidth), height }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [times, series, markers, timeZone, height, categories]);

  return (
    <figure className={styles.chart} data-testid={testId}>
      <figcaption className={styles.chartTitle}>{title}</figcaption>
      <div
        ref={holder}
        className={styles.chartArea}
        role="img"
        aria-label={`${title} chart; the numbers are in the table below`}
      />
    </figure>
  );
}
