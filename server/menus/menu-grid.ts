// A button grid's layout, the same on the web (CSS grid) and in the image LINE shows (rendered here with sharp).
import sharp from 'sharp';
import { type MenuBounds, menuWidth } from './menu-schemas';

/** Cells left to right, top to bottom; the last row's cells share its width. */
export function gridBounds(count: number, columns: number, height: number): MenuBounds[] {
  const rows = Math.ceil(count / columns);
  const rowHeight = Math.floor(height / rows);
  return Array.from({ length: count }, (_, index) => {
    const row = Math.floor(index / columns);
    const inRow = row === rows - 1 ? count - row * columns : columns;
    const column = index - row * columns;
    const width = Math.floor(menuWidth / inRow);
    return { x: column * width, y: row * rowHeight, width, height: rowHeight };
  });
}

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** The grid as a JPEG for LINE (a rich menu must have an image): dark cells with the labels, well under 1 MB. */
export async function renderGridImage(labels: string[], columns: number, height: number): Promise<Buffer> {
  const cells = gridBounds(labels.length, columns, height)
    .map(
      (b, i) =>
        `<rect x="${b.x + 6}" y="${b.y + 6}" width="${b.width - 12}" height="${b.height - 12}" rx="24" fill="#1f1b16"/>` +
        `<text x="${b.x + b.width / 2}" y="${b.y + b.height / 2}" font-family="sans-serif" font-size="96" fill="#f5efe6" text-anchor="middle" dominant-baseline="middle">${escapeXml(labels[i]!)}</text>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${menuWidth}" height="${height}"><rect width="100%" height="100%" fill="#0d0b09"/>${cells}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}
