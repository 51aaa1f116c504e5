// An appointment as an iCalendar file (RFC 5545) for her calendar app: UTC times, escaped text, folded lines.
import type { AppointmentView } from './appointment-schemas';

const escapeText = (text: string) =>
  text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
const utc = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** Lines longer than 75 octets continue on the next line after a space (without splitting a UTF-8 character). */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  for (const char of line) {
    if (Buffer.byteLength(current + char) > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
    }
    current += char;
  }
  out.push(current);
  return out.join('\r\n ');
}

export function appointmentIcs(view: AppointmentView, brandName: string, pageUrl: string, now = new Date()): string {
  const where = [view.boutique.name, view.boutique.address, view.boutique.city].join(', ');
  const about = [
    `${view.type.name} with ${view.advisor.name}`,
    view.product ? `Set aside for you: ${view.product.title}` : '',
    view.boutique.phone ? `Boutique: ${view.boutique.phone}` : '',
    pageUrl,
  ]
    .filter(Boolean)
    .join('\n');
  const cancelled = view.status === 'CANCELLED';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Livecart//Appointments//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${cancelled ? 'CANCEL' : 'PUBLISH'}`,
    'BEGIN:VEVENT',
    `UID:${view.id}@livecart`,
    `DTSTAMP:${utc(now.toISOString())}`,
    `DTSTART:${utc(view.startsAt)}`,
    `DTEND:${utc(view.endsAt)}`,
    `SUMMARY:${escapeText(`${brandName}: ${view.type.name}`)}`,
    `LOCATION:${escapeText(view.type.kind === 'VIRTUAL' ? 'Video call (link in your appointments page)' : where)}`,
    `DESCRIPTION:${escapeText(about)}`,
    `URL:${pageUrl}`,
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    'TRIGGER:-PT1H',
    `DESCRIPTION:${escapeText(view.type.name)}`,
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
