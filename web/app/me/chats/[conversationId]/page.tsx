import { CustomerChat } from '../../../../components/conversations/customer-chat';

export const metadata = { title: 'Chat' };

export default async function ChatPage({ params }: { params: Promise<{ conversationId: string }> }) {
  const { conversationId } = await params;
  return <CustomerChat conversationId={conversationId} />;
}
