// Server side of the public pages that have a link preview (show page, brand home): they read the platform's own
// public API on loopback (never the request's Host) and build absolute preview URLs.
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { z } from 'zod';
import type { RouteContract } from '../../server/http/route-schemas';
import { readPageOrigins } from '../../server/http/page-origins';
import { type CallArgs, urlOf } from '../api/api-client';

/**
 * One public GET, parsed with the route's own answer schema (a server-rendered page trusts no shape it did not
 * check): 'missing' when the API says there is none (unknown or malformed id), null when unreadable — the page still
 * works without a preview, as the client loads the data itself.
 */
export async function readPublic<C extends RouteContract & { response: z.ZodType }>(
  contract: C,
  ...[input]: CallArgs<C>
): Promise<z.output<C['response']> | 'missing' | null> {
  const origins = readPageOrigins(process.env);
  if (!origins) return null;
  try {
    const response = await fetch(`${origins.apiOrigin}${urlOf(contract, input)}`, {
      cache: 'no-store',
      signal: AbortSignal.timeout(3000),
    });
    if (response.status === 404 || response.status === 400) return 'missing';
    return response.ok ? (contract.response.parse(await response.json()) as z.output<C['response']>) : null;
  } catch {
    return null;
  }
}

const hostPattern = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** PUBLIC_BASE_URL when set, else the host this request came to (so a phone on the LAN gets working links). */
export async function previewBase(): Promise<URL> {
  const origins = readPageOrigins(process.env);
  if (origins?.publicBaseUrl) return new URL(origins.publicBaseUrl);
  const request = await headers();
  const host = request.get('host') ?? '';
  const proto = request.get('x-forwarded-proto') === 'https' ? 'https' : 'http';
  return new URL(hostPattern.test(host) ? `${proto}://${host}` : (origins?.apiOrigin ?? 'http://localhost'));
}

/** A page's link preview (Open Graph and Twitter card) from its absolute URL, title, description and image. */
export function previewMetadata(card: {
  base: URL;
  url: string;
  title: string;
  description: string;
  type: 'video.other' | 'profile';
  image: string | null;
  imageAlt: string;
}): Metadata {
  const { base, url, title, description, image } = card;
  return {
    metadataBase: base,
    title,
    description,
    alternates: { canonical: url },
    openGraph: {
      type: card.type,
      siteName: 'Livecart',
      url,
      title,
      description,
      ...(image ? { images: [{ url: image, alt: card.imageAlt }] } : {}),
    },
    twitter: image
      ? { card: 'summary_large_image', title, description, images: [image] }
      : { card: 'summary', title, description },
  };
}
