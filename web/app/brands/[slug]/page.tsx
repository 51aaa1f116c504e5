import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { BrandHome } from '../../../components/brand-home/brand-home';
import { brandMetadata, loadBrandHome } from './brand-preview';

type Params = { params: Promise<{ slug: string }> };
type Search = { searchParams: Promise<{ category?: string | string[] }> };

// What a link preview (LINE, messages, social apps) shows for a shared brand: its name, about text and cover.
export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return brandMetadata((await params).slug);
}

export default async function BrandHomePage({ params, searchParams }: Params & Search) {
  const { slug } = await params;
  const { category } = await searchParams;
  const home = await loadBrandHome(slug);
  if (home === 'missing') notFound();
  if (!home) throw new Error('the brand could not be loaded');
  return <BrandHome home={home} category={typeof category === 'string' ? category : undefined} />;
}
