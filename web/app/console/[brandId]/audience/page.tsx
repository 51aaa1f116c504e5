import { AudiencePage } from './audience-page';

export default function BrandAudiencePage() {
  return <AudiencePage />;
}
