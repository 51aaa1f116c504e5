import { ShowsList } from '../../../../components/console/shows/shows-list';

export default function ShowsPage() {
  return <ShowsList />;
}
