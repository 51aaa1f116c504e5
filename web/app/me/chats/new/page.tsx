import { Suspense } from 'react';
import { CustomerChat } from '../../../../components/conversations/customer-chat';

export const metadata = { title: 'Chat with the brand' };

export default function NewChatPage() {
  return (
    <Suspense>
      <CustomerChat conversationId={null} />
    </Suspense>
  );
}
