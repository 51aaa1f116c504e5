// JSON logs for the parts of a process outside an HTTP request (commerce jobs, media streams). Their messages tag
// ids the way the codebase writes them, `[order:…]`, `[showId:…]`; here the leading tags become fields, so every
// line about an order carries `orderId` whatever part wrote it.
import { pino, type Logger } from 'pino';

const fieldOf: Record<string, string> = {
  show: 'showId',
  showId: 'showId',
  order: 'orderId',
  orderId: 'orderId',
  sale: 'saleId',
  saleId: 'saleId',
  'payment-event': 'paymentEventId',
};
const leadingTag = /^\[([\w-]+):([^\]\s]+)\]\s*/;

/** "[show:s1] [sale:f2] ended" -> { fields: { showId: 's1', saleId: 'f2' }, message: 'ended' }. */
export function liftTags(text: string): { fields: Record<string, string>; message: string } {
  const fields: Record<string, string> = {};
  let message = text;
  for (let match = leadingTag.exec(message); match && fieldOf[match[1]!]; match = leadingTag.exec(message)) {
    fields[fieldOf[match[1]!]!] = match[2]!;
    message = message.slice(match[0].length);
  }
  return { fields, message };
}

export function createProcessLogger(level: string, destination?: pino.DestinationStream): Logger {
  return destination ? pino({ level }, destination) : pino({ level });
}

export interface ComponentLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger for one part of the process (`component`), taking the tagged messages that part already writes. */
export function componentLogger(logger: Logger, component: string): ComponentLogger {
  const child = logger.child({ component });
  const write = (level: 'info' | 'warn' | 'error') => (text: string) => {
    const { fields, message } = liftTags(text);
    child[level](fields, message);
  };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}
