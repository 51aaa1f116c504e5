'use client';

// Up to five balloons, as in announcement steps: text, or a product card of the brand's own catalogue.
import type { AutomationBalloon } from '../../../../../server/automation/automation-schemas';
import styles from './automation.module.css';

export interface ProductOption {
  id: string;
  title: string;
}

export function BalloonsEditor({
  value,
  onChange,
  products,
  disabled,
  error,
  testId,
  max = 5,
}: {
  value: AutomationBalloon[];
  onChange: (balloons: AutomationBalloon[]) => void;
  products: ProductOption[];
  disabled?: boolean;
  error?: string;
  testId?: string;
  max?: number;
}) {
  const set = (index: number, balloon: AutomationBalloon) =>
    onChange(value.map((entry, at) => (at === index ? balloon : entry)));
  return (
    <div className={styles.balloons} data-testid={testId}>
      {value.map((balloon, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: balloons have no id; their position is their identity while editing
        <div key={index} className={styles.balloon}>
          <select
            className="select"
            aria-label={`Balloon ${index + 1} kind`}
            value={balloon.type}
            disabled={disabled}
            onChange={(event) =>
              set(
                index,
                event.target.value === 'product'
                  ? { type: 'product', productId: products[0]?.id ?? '' }
                  : { type: 'text', text: '' },
              )
            }
          >
            <option value="text">Text</option>
            <option value="product" disabled={products.length === 0}>
              Product card
            </option>
          </select>
          {balloon.type === 'text' ? (
            <textarea
              className="textarea"
              aria-label={`Balloon ${index + 1} text`}
              rows={2}
              maxLength={2000}
              value={balloon.text}
              disabled={disabled}
              onChange={(event) => set(index, { type: 'text', text: event.target.value })}
            />
          ) : balloon.type === 'product' ? (
            <select
              className="select"
              aria-label={`Balloon ${index + 1} product`}
              value={balloon.productId}
              disabled={disabled}
              onChange={(event) => set(index, { type: 'product', productId: event.target.value })}
            >
              {products.map((product) => (
                <option key={product.id} value={product.id}>
                  {product.title}
                </option>
              ))}
            </select>
          ) : (
            <span className="muted">Image balloon</span>
          )}
          <button
            type="button"
            className="button button-small"
            disabled={disabled}
            onClick={() => onChange(value.filter((_, at) => at !== index))}
            aria-label={`Remove balloon ${index + 1}`}
          >
            Remove
          </button>
        </div>
      ))}
      {error ? <p className={styles.error}>{error}</p> : null}
      {value.length < max && !disabled ? (
        <button
          type="button"
          className="button button-small"
          onClick={() => onChange([...value, { type: 'text', text: '' }])}
        >
          Add a balloon ({value.length}/{max})
        </button>
      ) : null}
    </div>
  );
}
