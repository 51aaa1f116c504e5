import { ConsoleShell } from '../../../components/console/console-shell';

export default function BrandConsoleLayout({ children }: { children: React.ReactNode }) {
  return <ConsoleShell>{children}</ConsoleShell>;
}
