// A lean Socket.IO v5 / Engine.IO v4 client over `ws` for the load generator (see bench/realtime/raw-viewer.ts):
// 2,050 socket.io-client instances would spend more CPU decoding than the servers spend sending. It decodes only
// what it measures: the message's text and sender, found by position in the frame instead of a JSON parse.
import WebSocket from 'ws';

export interface ChatFrame {
  text: string;
  sender: string;
  conversationId: string;
}

const field = (frame: string, name: string, from: number): string => {
  const key = `"${name}":"`;
  const start = frame.indexOf(key, from);
  if (start < 0) return '';
  const end = frame.indexOf('"', start + key.length);
  return frame.slice(start + key.length, end);
};

export class ChatSocket {
  #ws!: WebSocket;
  connected = false;
  closedUnexpectedly = false;

  constructor(
    private readonly url: string,
    private readonly cookie: string,
    private readonly onMessage: (frame: ChatFrame) => void,
  ) {}

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${this.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, {
        headers: { cookie: this.cookie },
        perMessageDeflate: false,
      });
      this.#ws = ws;
      const timer = setTimeout(() => reject(new Error('connect timeout')), 60_000);
      ws.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      ws.on('close', () => {
        if (this.connected) this.closedUnexpectedly = true;
        this.connected = false;
      });
      ws.on('message', (data: Buffer) => {
        const frame = data.toString();
        const type = frame.charCodeAt(0);
        if (type === 50 /* ping */) return ws.send('3');
        if (type === 48 /* open */) return ws.send('40{}');
        if (type !== 52) return;
        const kind = frame.charCodeAt(1);
        if (kind === 48) {
          clearTimeout(timer);
          this.connected = true;
          return resolve();
        }
        if (kind === 50 && frame.startsWith('42["conversation:message-created"')) {
          // The message object comes after the conversation summary in the payload.
          const at = frame.indexOf('"message":{');
          this.onMessage({
            text: field(frame, 'text', at),
            sender: field(frame, 'sender', at),
            conversationId: field(frame, 'conversationId', at),
          });
        }
        if (kind === 52) reject(new Error(frame));
      });
    });
  }

  close(): void {
    this.connected = false;
    this.#ws.terminate();
  }
}
