import { MyOffers } from '../../components/offers/my-offers';

export const metadata = { title: 'My offers' };

export default function OffersPage() {
  return <MyOffers />;
}
