import { productInputSchema } from '@server/catalog/product-schemas';
import { parseMoneyToMinor } from '../../../format/money';

// Validated with the server's own schema; field names match the API so server field errors land on the same inputs.

/** The raw text of the form's inputs. */
export interface ProductFormValues {
  title: string;
  description: string;
  price: string;
  currency: string;
  stock: string;
  category: string;
}

export function parseProductForm(values: ProductFormValues, imageKeys: string[]) {
  const currency = values.currency.trim().toLowerCase();
  const stockText = values.stock.trim();
  return productInputSchema.safeParse({
    title: values.title,
    description: values.description,
    // Not-a-number makes the schema report the field; the hint beside it shows the expected format.
    priceMinor: parseMoneyToMinor(values.price, currency) ?? Number.NaN,
    currency,
    stock: /^\d+$/.test(stockText) ? Number(stockText) : Number.NaN,
    category: values.category,
    imageKeys,
  });
}
