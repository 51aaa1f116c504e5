import { SegmentsPage } from './segments-page';

export default function BrandSegmentsPage() {
  return <SegmentsPage />;
}
