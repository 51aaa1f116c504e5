'use client';

// One area's action in the console: where a tap goes.
import type { MenuAction } from '../../../server/menus/menu-schemas';

export const actionLabels: Record<MenuAction['type'], string> = {
  show: 'Current or next show',
  product: 'A product',
  category: 'A category',
  chat: 'Start the chat',
  appointment: 'Book an appointment',
  survey: 'Take a survey',
  tab: 'Switch to another menu',
};

export function defaultAction(type: MenuAction['type'], choices: Choices): MenuAction {
  switch (type) {
    case 'product':
      return { type, productId: choices.products[0]?.id ?? '' };
    case 'category':
      return { type, category: '' };
    case 'survey':
      return { type, surveyId: choices.surveys[0]?.id ?? '' };
    case 'tab':
      return { type, menuId: choices.menus[0]?.id ?? '' };
    default:
      return { type };
  }
}

export interface Choices {
  products: { id: string; title: string }[];
  surveys: { id: string; title: string }[];
  menus: { id: string; name: string }[];
}

export function AreaActionFields({
  action,
  choices,
  onChange,
}: {
  action: MenuAction;
  choices: Choices;
  onChange: (action: MenuAction) => void;
}) {
  return (
    <>
      <select
        className="select"
        aria-label="Action"
        value={action.type}
        onChange={(event) => onChange(defaultAction(event.target.value as MenuAction['type'], choices))}
      >
        {Object.entries(actionLabels).map(([type, label]) => (
          <option key={type} value={type}>
            {label}
          </option>
        ))}
      </select>
      {action.type === 'product' ? (
        <select
          className="select"
          aria-label="Product"
          value={action.productId}
          onChange={(event) => onChange({ type: 'product', productId: event.target.value })}
        >
          {choices.products.map((product) => (
            <option key={product.id} value={product.id}>
              {product.title}
            </option>
          ))}
        </select>
      ) : null}
      {action.type === 'category' ? (
        <input
          className="input"
          aria-label="Category"
          value={action.category}
          maxLength={60}
          onChange={(event) => onChange({ type: 'category', category: event.target.value })}
        />
      ) : null}
      {action.type === 'survey' ? (
        <select
          className="select"
          aria-label="Survey"
          value={action.surveyId}
          onChange={(event) => onChange({ type: 'survey', surveyId: event.target.value })}
        >
          {choices.surveys.map((survey) => (
            <option key={survey.id} value={survey.id}>
              {survey.title}
            </option>
          ))}
        </select>
      ) : null}
      {action.type === 'tab' ? (
        <select
          className="select"
          aria-label="Menu"
          value={action.menuId}
          onChange={(event) => onChange({ type: 'tab', menuId: event.target.value })}
        >
          {choices.menus.map((menu) => (
            <option key={menu.id} value={menu.id}>
              {menu.name}
            </option>
          ))}
        </select>
      ) : null}
    </>
  );
}
