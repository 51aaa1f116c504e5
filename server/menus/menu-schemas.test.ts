import { describe, expect, it } from 'vitest';
import { gridBounds } from './menu-grid';
import { menuInputSchema } from './menu-schemas';

const area = (x: number, width: number) => ({
  label: 'Bags',
  bounds: { x, y: 0, width, height: 843 },
  action: { type: 'category', category: 'bags' },
});
const base = { name: 'VIP', placement: 'DEFAULT', kind: 'IMAGE', imageKey: 'k/abcdefghijkl.png', chatBarText: 'Menu' };
const issues = (input: object) => {
  const parsed = menuInputSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
};

describe('menu input', () => {
  it('keeps areas inside the image and at most 20 of them', () => {
    expect(issues({ ...base, height: 843, areas: [area(0, 2500)] })).toEqual([]);
    expect(issues({ ...base, height: 843, areas: [area(1, 2500)] })).toEqual(['areas.0.bounds']);
    expect(issues({ ...base, height: 843, areas: Array.from({ length: 21 }, () => area(0, 100)) })).toEqual(['areas']);
  });

  it('needs a segment for a segment menu only, an image for an image menu, bounds only on images', () => {
    expect(issues({ ...base, placement: 'SEGMENT', areas: [area(0, 10)] })).toEqual(['segmentId']);
    expect(issues({ ...base, segmentId: 'seg1', areas: [area(0, 10)] })).toEqual(['segmentId']);
    expect(issues({ ...base, imageKey: undefined, areas: [area(0, 10)] })).toEqual(['imageKey']);
    expect(issues({ ...base, kind: 'GRID', areas: [area(0, 10)] })).toEqual(['areas.0.bounds']);
  });

  it('holds LINE text limits: 14-character bar text, 20-character labels', () => {
    expect(issues({ ...base, chatBarText: 'x'.repeat(15), areas: [area(0, 10)] })).toEqual(['chatBarText']);
    expect(issues({ ...base, areas: [{ ...area(0, 10), label: 'x'.repeat(21) }] })).toEqual(['areas.0.label']);
  });

  it('lays a grid out in rows that fill the image', () => {
    const cells = gridBounds(5, 3, 1686);
    expect(cells).toHaveLength(5);
    expect(cells[0]).toEqual({ x: 0, y: 0, width: 833, height: 843 });
    expect(cells[4]).toEqual({ x: 1250, y: 843, width: 1250, height: 843 });
  });
});
