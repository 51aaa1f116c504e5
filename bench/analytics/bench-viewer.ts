// bench/realtime's lean Socket.IO client, for bench:analytics: only the viewers that measure chat delivery
// (`measure`) decode room frames; the others answer pings and read their acks only, so the load generator's own
// decoding (50,000 frames a second for 5,000 viewers) does not starve it on a shared 2-core machine.
import WebSocket from 'ws';

export interface ViewerHooks {
  onChat(text: string): void;
  onReactionFrame(): void;
}

export class RawViewer {
  #ws!: WebSocket;
  #nextAck = 1;
  readonly #acks = new Map<number, (result: unknown) => void>();
  connected = false;
  closedUnexpectedly = false;

  constructor(
    private readonly url: string,
    private readonly hooks: ViewerHooks,
    private readonly options: { cookie?: string; anonId: string; measure: boolean },
  ) {}

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${this.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, {
        headers: this.options.cookie ? { cookie: this.options.cookie } : {},
        perMessageDeflate: false,
      });
      this.#ws = ws;
      const timer = setTimeout(() => reject(new Error('connect timeout')), 30_000);
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
        if (type === 50 /* '2' ping */) return ws.send('3');
        if (type === 48 /* '0' open */) return ws.send(`40${JSON.stringify({ anonId: this.options.anonId })}`);
        if (type !== 52 /* '4' message */) return;
        const kind = frame.charCodeAt(1);
        if (kind === 48 /* '40' connected */) {
          clearTimeout(timer);
          this.connected = true;
          return resolve();
        }
        if (kind === 50 /* '42' event */) {
          if (!this.options.measure) return;
          if (frame.startsWith('42["room:batch"')) {
            const [, batch] = JSON.parse(frame.slice(2)) as [string, { events: Array<[string, { text?: string }]> }];
            for (const [name, payload] of batch.events) {
              if (name === 'chat:message-created') this.hooks.onChat(payload.text!);
              else if (name === 'reaction:burst') this.hooks.onReactionFrame();
            }
            return;
          }
          if (frame.startsWith('42["chat:message-created"')) {
            const [, message] = JSON.parse(frame.slice(2)) as [string, { text: string }];
            return this.hooks.onChat(message.text);
          }
          if (frame.startsWith('42["reaction:burst"')) this.hooks.onReactionFrame();
          return;
        }
        if (kind === 51 /* '43' ack */) {
          const bracket = frame.indexOf('[');
          const id = Number(frame.slice(2, bracket));
          const [result] = JSON.parse(frame.slice(bracket)) as [unknown];
          this.#acks.get(id)?.(result);
          this.#acks.delete(id);
        }
        if (kind === 52 /* '44' connect error */) reject(new Error(frame));
      });
    });
  }

  emit(event: string, payload: unknown): void {
    if (this.connected) this.#ws.send(`42${JSON.stringify([event, payload])}`);
  }

  call<T>(event: string, payload: unknown, timeoutMs = 30_000): Promise<T> {
    const id = this.#nextAck++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#acks.delete(id);
        reject(new Error(`${event}: no ack`));
      }, timeoutMs);
      this.#acks.set(id, (result) => {
        clearTimeout(timer);
        resolve(result as T);
      });
      this.#ws.send(`42${id}${JSON.stringify([event, payload])}`);
    });
  }

  close(): void {
    this.connected = false;
    this.#ws.terminate();
  }
}
