import { AutomationPage } from './automation-page';

export default function BrandAutomationPage() {
  return <AutomationPage />;
}
