import { NewShow } from '../../../../../components/console/shows/new-show';

export default function NewShowPage() {
  return <NewShow />;
}
