import { redirect } from 'next/navigation';

export default async function BrandConsoleIndex({ params }: { params: Promise<{ brandId: string }> }) {
  const { brandId } = await params;
  redirect(`/console/${encodeURIComponent(brandId)}/products`);
}
