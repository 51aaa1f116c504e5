import { ChatsConsole } from './chats-console';

export const metadata = { title: 'Chats' };

export default function ChatsPage() {
  return <ChatsConsole />;
}
