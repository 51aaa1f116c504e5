import { BrandPageSettings } from './brand-page-settings';

export default function BrandPageConsole() {
  return <BrandPageSettings />;
}
