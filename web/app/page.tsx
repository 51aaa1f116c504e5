import { HomeShows } from '../components/home/home-shows';

export default function HomePage() {
  return <HomeShows />;
}
