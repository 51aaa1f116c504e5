// The batch's event text: what the writer sends is the lines joined by newlines, through growth, merging and drops.
import { describe, expect, it } from 'vitest';
import { EventLines } from './event-lines';

describe('event lines', () => {
  it('holds the lines newline-separated as they came, growing past its first buffer', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `brand\tshow\ta:viewer-${i}\t\tf\tcard_seen\tproduct\t0\t${i}`);
    const text = EventLines.of(lines);
    const small = new EventLines(16);
    for (const line of lines) small.push(line);
    expect(text.count).toBe(300);
    expect(text.text().toString('utf8')).toBe(lines.join('\n'));
    expect(small.text().toString('utf8')).toBe(lines.join('\n'));
    expect(new EventLines().text().length).toBe(0);
  });

  it('puts a failed batch back before the newer lines, and drops the oldest ones', () => {
    const first = EventLines.of(['a1', 'a2', 'a3']);
    const merged = first.concat(EventLines.of(['b1', 'é2']));
    expect(merged.count).toBe(5);
    expect(merged.text().toString('utf8')).toBe('a1\na2\na3\nb1\né2');
    expect(merged.dropOldest(2)).toBe(2);
    expect(merged.text().toString('utf8')).toBe('a3\nb1\né2');
    merged.push('c1');
    expect(merged.text().toString('utf8')).toBe('a3\nb1\né2\nc1');
    expect(merged.dropOldest(10)).toBe(4);
    expect(merged.count).toBe(0);
    expect(merged.text().length).toBe(0);
  });
});
