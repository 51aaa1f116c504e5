import type { Metadata } from 'next';
import { BrandPicker } from '../../components/console/brand-picker';

export const metadata: Metadata = { title: 'Brand console' };

export default function ConsolePage() {
  return <BrandPicker />;
}
