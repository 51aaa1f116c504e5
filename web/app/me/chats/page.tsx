import { CustomerChatList } from '../../../components/conversations/customer-chat-list';

export const metadata = { title: 'Chats' };

export default function ChatsPage() {
  return <CustomerChatList />;
}
