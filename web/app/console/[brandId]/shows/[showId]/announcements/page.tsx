import { AnnouncementsPage } from './announcements-page';

export default function ShowAnnouncementsPage() {
  return <AnnouncementsPage />;
}
