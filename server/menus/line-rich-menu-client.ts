// The LINE Messaging API's rich menu calls (create, image, default, bulk link/unlink of at most 500 users, aliases,
// delete). Images go to api-data.line.me; tests pass one stand-in for both hosts.
import { AppError } from '../errors/app-error';

export const lineBulkLimit = 500;

export type RichMenuAction =
  | { type: 'uri'; label: string; uri: string }
  | { type: 'richmenuswitch'; richMenuAliasId: string; data: string };

export interface RichMenuObject {
  size: { width: number; height: number };
  selected: boolean;
  name: string;
  chatBarText: string;
  areas: { bounds: { x: number; y: number; width: number; height: number }; action: RichMenuAction }[];
}

export interface LineRichMenuClient {
  readonly calls: number;
  create(menu: RichMenuObject): Promise<string>;
  uploadImage(richMenuId: string, bytes: Buffer, contentType: string): Promise<void>;
  setDefault(richMenuId: string): Promise<void>;
  /** LINE's "Clear default rich menu": what stops a default from showing (deleting the menu is not documented to). */
  clearDefault(): Promise<void>;
  link(richMenuId: string, userIds: string[]): Promise<void>;
  unlink(userIds: string[]): Promise<void>;
  /** Creates the alias, or points it at another menu when it exists. */
  setAlias(aliasId: string, richMenuId: string, exists: boolean): Promise<void>;
  remove(richMenuId: string): Promise<void>;
  removeAlias(aliasId: string): Promise<void>;
}

export function createLineRichMenuClient(apiBaseUrl: string, accessToken: string): LineRichMenuClient {
  const base = apiBaseUrl.replace(/\/$/, '');
  const dataBase = base === 'https://api.line.me' ? 'https://api-data.line.me' : base;
  let calls = 0;
  async function send(url: string, method: string, body?: Buffer | object, contentType = 'application/json') {
    calls += 1;
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${accessToken}`, ...(body ? { 'content-type': contentType } : {}) },
      body: body === undefined ? undefined : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    }).catch((error: unknown) => {
      throw new AppError('UNAVAILABLE', `LINE did not answer: ${error instanceof Error ? error.message : error}`);
    });
    const text = await response.text();
    if (!response.ok)
      throw new AppError(
        'UNAVAILABLE',
        `LINE refused ${method} ${new URL(url).pathname}: ${response.status} ${text.slice(0, 200)}`,
      );
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  }
  const chunks = (ids: string[]) =>
    Array.from({ length: Math.ceil(ids.length / lineBulkLimit) }, (_, i) =>
      ids.slice(i * lineBulkLimit, (i + 1) * lineBulkLimit),
    );
  return {
    get calls() {
      return calls;
    },
    async create(menu) {
      const answer = await send(`${base}/v2/bot/richmenu`, 'POST', menu);
      return String(answer.richMenuId);
    },
    async uploadImage(richMenuId, bytes, contentType) {
      await send(`${dataBase}/v2/bot/richmenu/${encodeURIComponent(richMenuId)}/content`, 'POST', bytes, contentType);
    },
    async setDefault(richMenuId) {
      await send(`${base}/v2/bot/user/all/richmenu/${encodeURIComponent(richMenuId)}`, 'POST');
    },
    async clearDefault() {
      await send(`${base}/v2/bot/user/all/richmenu`, 'DELETE');
    },
    async link(richMenuId, userIds) {
      for (const part of chunks(userIds))
        await send(`${base}/v2/bot/richmenu/bulk/link`, 'POST', { richMenuId, userIds: part });
    },
    async unlink(userIds) {
      for (const part of chunks(userIds)) await send(`${base}/v2/bot/richmenu/bulk/unlink`, 'POST', { userIds: part });
    },
    async setAlias(aliasId, richMenuId, exists) {
      if (exists) await send(`${base}/v2/bot/richmenu/alias/${encodeURIComponent(aliasId)}`, 'POST', { richMenuId });
      else await send(`${base}/v2/bot/richmenu/alias`, 'POST', { richMenuAliasId: aliasId, richMenuId });
    },
    async remove(richMenuId) {
      await send(`${base}/v2/bot/richmenu/${encodeURIComponent(richMenuId)}`, 'DELETE');
    },
    async removeAlias(aliasId) {
      await send(`${base}/v2/bot/richmenu/alias/${encodeURIComponent(aliasId)}`, 'DELETE');
    },
  };
}
