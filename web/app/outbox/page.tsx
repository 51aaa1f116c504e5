import { OutboxList } from '../../components/checkout/orders/outbox-list';

export const metadata = { title: 'Mail outbox' };

export default function OutboxPage() {
  return <OutboxList />;
}
