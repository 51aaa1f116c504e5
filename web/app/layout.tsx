import type { Metadata, Viewport } from 'next';
import { QueryProvider } from '../api/query-provider';
import { SessionProvider } from '../components/session/session-provider';
import { SiteHeader } from '../components/site-header';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Livecart', template: '%s · Livecart' },
  description: 'Live shopping: watch shows, chat and buy in the stream.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: '#e0245e',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <QueryProvider>
          <SessionProvider>
            <SiteHeader />
            {children}
          </SessionProvider>
        </QueryProvider>
      </body>
    </html>
  );
}
