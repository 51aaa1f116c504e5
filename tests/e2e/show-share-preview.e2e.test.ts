// A shared show link previews as the show: the page's HTML (fetched as a link-preview crawler and as a plain
// client, no browser) carries its title, description and cover as an absolute URL in Open Graph and Twitter tags,
// rendered on the server from the platform's own API. An unknown or cancelled show is a 404 that says nothing more.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../../infra/test-support/start-platform';
import { makePng } from './support/test-images';

let platform: RunningPlatform;
beforeAll(async () => {
  platform = await startPlatform();
}, 90_000);
afterAll(async () => platform?.stop());

// LINE's preview fetcher announces itself as facebookexternalhit; Next.js puts metadata in <head> for such bots.
const crawler = 'facebookexternalhit/1.1;line-poker/1.0';

async function page(pathname: string, userAgent = crawler) {
  const response = await fetch(new URL(pathname, platform.baseUrl), { headers: { 'user-agent': userAgent } });
  return { status: response.status, html: await response.text() };
}

function meta(html: string, key: string): string | null {
  const tag = [...html.matchAll(/<meta\s[^>]*>/g)]
    .map((match) => match[0])
    .find((candidate) => candidate.includes(`"${key}"`));
  const content = tag ? /content="([^"]*)"/.exec(tag)?.[1] : undefined;
  return content === undefined
    ? null
    : content.replaceAll('&amp;', '&').replaceAll('&#x27;', "'").replaceAll('&quot;', '"');
}

const head = (html: string) => html.slice(0, html.indexOf('</head>'));

describe('show share preview', () => {
  it('renders the show title, description and absolute cover image for a link preview', {
    timeout: 60_000,
  }, async () => {
    const { showId } = platform.demo;
    const key = 'previews/spring-cover.png';
    await mkdir(path.join(platform.dataDir, 'uploads', 'previews'), { recursive: true });
    await writeFile(path.join(platform.dataDir, 'uploads', key), await makePng(1200, 630));
    const show = await platform.database.db.show.update({
      where: { id: showId },
      data: { coverImageKey: key, title: 'Spring Drop & Friends', description: 'Linen, totes and a 10-minute deal.' },
      include: { brand: true },
    });

    const { status, html } = await page(`/shows/${showId}`);
    expect(status).toBe(200);
    const inHead = head(html);
    const title = `Spring Drop & Friends · ${show.brand.name}`;
    expect(meta(inHead, 'og:title')).toBe(title);
    expect(meta(inHead, 'og:description')).toBe('Linen, totes and a 10-minute deal.');
    expect(meta(inHead, 'description')).toBe('Linen, totes and a 10-minute deal.');
    const image = meta(inHead, 'og:image');
    expect(image).toBe(`${platform.baseUrl}/uploads/${key}`);
    expect(meta(inHead, 'og:url')).toBe(`${platform.baseUrl}/shows/${showId}`);
    expect(meta(inHead, 'twitter:card')).toBe('summary_large_image');
    expect(meta(inHead, 'twitter:title')).toBe(title);
    expect(meta(inHead, 'twitter:image')).toBe(image);
    expect(inHead).toContain(`<title>${title.replace('&', '&amp;')} · Livecart</title>`);
    // The image is really there, at that absolute URL.
    const fetched = await fetch(image!);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('image/png');

    // A plain client gets the same tags (streamed by Next.js after the first paint, still in the HTML).
    const plain = await page(`/shows/${showId}`, 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)');
    expect(plain.status).toBe(200);
    expect(meta(plain.html, 'og:title')).toBe(title);
    expect(meta(plain.html, 'og:image')).toBe(image);
  });

  it('answers 404 without details for an unknown, malformed or cancelled show', { timeout: 60_000 }, async () => {
    const brand = await platform.database.db.brand.findFirstOrThrow();
    const cancelled = await platform.database.db.show.create({
      data: {
        brandId: brand.id,
        title: 'Secret Cancelled Launch',
        description: 'Not for anyone',
        scheduledStartAt: new Date(),
        status: 'CANCELLED',
        streamKeyHash: `cancelled-${Date.now()}`,
      },
    });
    for (const id of ['cunknownshow000000000000', 'not a valid id!', cancelled.id]) {
      const { status, html } = await page(`/shows/${encodeURIComponent(id)}`);
      expect(status, id).toBe(404);
      expect(html).toContain('This show is not available');
      expect(meta(html, 'og:title'), id).toBeNull();
      expect(meta(html, 'og:image'), id).toBeNull();
      for (const secret of [
        'Secret Cancelled Launch',
        'Not for anyone',
        'NOT_FOUND',
        'LIVECART_PAGE',
        'at async',
        'prisma',
      ])
        expect(html, id).not.toContain(secret);
    }
  });
});
