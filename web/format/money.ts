// The one money formatter lives with the server (it imports nothing server-side); pages format in the reader's locale.
import { formatMoney as formatMoneyIn } from '../../server/money/money-format';

export { minorToInput, parseMoneyToMinor } from '../../server/money/money-format';

export const formatMoney = (minor: number, currency: string): string => formatMoneyIn(minor, currency, undefined);
