// The rich menu part of the LINE stand-in, strict where LINE is (Messaging API reference, "Rich menu"): size 2500 wide
// and 1686 or 843 high, 1-20 areas inside the image, chatBarText at most 14 characters, images JPEG or PNG of at most
// 1 MB uploaded once per menu, bulk link and unlink of 1-500 users, aliases `^[a-z0-9_-]{1,32}$` naming a menu.
import { randomUUID } from 'node:crypto';
import type { RecordedRequest } from './http-stand-in';

type Answer = { status: number; body?: unknown };

export interface RichMenuState {
  menus: Map<string, { body: Record<string, unknown>; image: { contentType: string; bytes: number } | null }>;
  aliases: Map<string, string>;
  defaultMenu: string | null;
  /** LINE user id -> rich menu id. */
  links: Map<string, string>;
}

interface RichMenuBody {
  size?: { width?: number; height?: number };
  chatBarText?: string;
  name?: string;
  areas?: { bounds?: { x: number; y: number; width: number; height: number }; action?: { type?: string } }[];
}

function richMenuProblem(body: RichMenuBody): string | null {
  const { size, areas } = body;
  if (size?.width !== 2500 || (size.height !== 1686 && size.height !== 843))
    return 'size must be 2500x1686 or 2500x843';
  if (!body.chatBarText || body.chatBarText.length > 14) return 'chatBarText must be 1-14 characters';
  if (!body.name || body.name.length > 300) return 'name must be 1-300 characters';
  if (!Array.isArray(areas) || areas.length < 1 || areas.length > 20) return 'areas must have 1-20 items';
  for (const area of areas) {
    const b = area.bounds;
    if (!b || b.x < 0 || b.y < 0 || b.x + b.width > size.width || b.y + b.height > size.height)
      return 'an area is outside the image';
    if (!['uri', 'postback', 'message', 'richmenuswitch', 'datetimepicker'].includes(String(area.action?.type)))
      return 'unknown action type';
  }
  return null;
}

const aliasPattern = /^[a-z0-9_-]{1,32}$/;

export function richMenuStandIn() {
  const state: RichMenuState = { menus: new Map(), aliases: new Map(), defaultMenu: null, links: new Map() };
  const json = (request: RecordedRequest) => JSON.parse(request.body.toString() || '{}') as Record<string, unknown>;
  const userIds = (value: unknown): string[] | null =>
    Array.isArray(value) && value.length >= 1 && value.length <= 500 ? (value as string[]) : null;

  function answer(request: RecordedRequest): Answer | null {
    const { method, path } = request;
    const content = path.match(/^\/v2\/bot\/richmenu\/([^/]+)\/content$/)?.[1];
    const menuPath = path.match(/^\/v2\/bot\/richmenu\/(richmenu-[^/]+)$/)?.[1];
    const defaultPath = path.match(/^\/v2\/bot\/user\/all\/richmenu\/([^/]+)$/)?.[1];
    const aliasPath = path.match(/^\/v2\/bot\/richmenu\/alias\/([^/]+)$/)?.[1];
    if (method === 'POST' && path === '/v2/bot/richmenu') {
      const body = json(request);
      const bad = richMenuProblem(body as RichMenuBody);
      if (bad) return { status: 400, body: { message: bad } };
      const richMenuId = `richmenu-${randomUUID().replaceAll('-', '')}`;
      state.menus.set(richMenuId, { body, image: null });
      return { status: 200, body: { richMenuId } };
    }
    if (method === 'POST' && content) {
      const menu = state.menus.get(content);
      if (!menu) return { status: 404, body: { message: 'Not found' } };
      if (menu.image) return { status: 400, body: { message: 'An image has already been uploaded to the rich menu' } };
      const type = String(request.headers['content-type']);
      if (type !== 'image/jpeg' && type !== 'image/png') return { status: 415, body: { message: 'JPEG or PNG only' } };
      if (request.body.length > 1_000_000) return { status: 413, body: { message: 'image is larger than 1 MB' } };
      menu.image = { contentType: type, bytes: request.body.length };
      return { status: 200, body: {} };
    }
    if (method === 'DELETE' && menuPath) {
      if (!state.menus.delete(menuPath)) return { status: 404, body: { message: 'Not found' } };
      for (const [user, menu] of state.links) if (menu === menuPath) state.links.delete(user);
      // Strict: LINE documents "Clear default rich menu" as how a default stops showing, not deleting the menu.
      return { status: 200, body: {} };
    }
    if (method === 'DELETE' && path === '/v2/bot/user/all/richmenu') {
      state.defaultMenu = null;
      return { status: 200, body: {} };
    }
    if (method === 'POST' && defaultPath) {
      const menu = state.menus.get(defaultPath);
      if (!menu?.image) return { status: 400, body: { message: 'the rich menu has no image' } };
      state.defaultMenu = defaultPath;
      return { status: 200, body: {} };
    }
    if (method === 'POST' && path === '/v2/bot/richmenu/bulk/link') {
      const body = json(request);
      const users = userIds(body.userIds);
      if (!users) return { status: 400, body: { message: 'userIds must have 1-500 items' } };
      const menu = state.menus.get(String(body.richMenuId));
      if (!menu?.image) return { status: 400, body: { message: 'unknown rich menu or no image' } };
      for (const user of users) state.links.set(user, String(body.richMenuId));
      return { status: 202, body: {} };
    }
    if (method === 'POST' && path === '/v2/bot/richmenu/bulk/unlink') {
      const users = userIds(json(request).userIds);
      if (!users) return { status: 400, body: { message: 'userIds must have 1-500 items' } };
      for (const user of users) state.links.delete(user);
      return { status: 202, body: {} };
    }
    if (method === 'POST' && path === '/v2/bot/richmenu/alias') {
      const body = json(request);
      const alias = String(body.richMenuAliasId);
      if (!aliasPattern.test(alias)) return { status: 400, body: { message: 'invalid richMenuAliasId' } };
      if (state.aliases.has(alias)) return { status: 400, body: { message: 'conflict richmenu alias id' } };
      if (!state.menus.get(String(body.richMenuId))?.image)
        return { status: 400, body: { message: 'unknown rich menu or no image' } };
      state.aliases.set(alias, String(body.richMenuId));
      return { status: 200, body: {} };
    }
    if (method === 'DELETE' && aliasPath) {
      if (!state.aliases.delete(aliasPath)) return { status: 404, body: { message: 'Not found' } };
      return { status: 200, body: {} };
    }
    if (method === 'POST' && aliasPath) {
      const body = json(request);
      if (!state.aliases.has(aliasPath)) return { status: 404, body: { message: 'Not found' } };
      if (!state.menus.get(String(body.richMenuId))?.image)
        return { status: 400, body: { message: 'unknown rich menu or no image' } };
      state.aliases.set(aliasPath, String(body.richMenuId));
      return { status: 200, body: {} };
    }
    if (path.startsWith('/v2/bot/richmenu') || path.startsWith('/v2/bot/user/'))
      return { status: 404, body: { message: 'Not found' } };
    return null;
  }
  return { state, answer };
}
