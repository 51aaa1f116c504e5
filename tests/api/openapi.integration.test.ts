// The OpenAPI document is generated from the routes' contracts: it must be valid OpenAPI 3.1, and every route the
// server registers must be in it with a summary, its access rule and a described answer, so a route added without
// a contract fails here.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApplication, type TestApplication } from '../../infra/test-support/test-application';

interface Operation {
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

let t: TestApplication;
let document: Document;

beforeAll(async () => {
  t = await startTestApplication();
  const response = await t.client().get('/api/openapi.json');
  expect(response.statusCode).toBe(200);
  document = response.json() as Document;
});
afterAll(async () => t?.close());

/** Fastify's `:name` path as OpenAPI's `{name}`; `*` stays (the media and web catch-alls). */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{*}');

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists every registered route with a summary, its access rule, its inputs and a described answer', () => {
    const routes = t.app.http.registeredRoutes.filter(
      (route) => !route.hidden && route.method !== 'HEAD' && route.method !== 'OPTIONS',
    );
    expect(routes.length).toBeGreaterThan(50);
    const missing: string[] = [];
    for (const route of routes) {
      const operation = document.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
      const success = Object.entries(operation?.responses ?? {}).find(
        ([status]) => status.startsWith('2') || status.startsWith('3'),
      );
      if (
        !operation?.summary ||
        !operation.description?.startsWith('Access: ') ||
        !success ||
        success[1].description === 'Default Response'
      ) {
        missing.push(`${route.method} ${route.url}`);
        continue;
      }
      for (const name of route.url.match(/:([A-Za-z0-9_]+)/g) ?? []) {
        if (!operation.parameters?.some((parameter) => parameter.in === 'path' && parameter.name === name.slice(1)))
          missing.push(`${route.method} ${route.url}: path parameter ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('describes inputs, JSON answers, auth and error codes from the zod schemas', () => {
    const signIn = document.paths['/api/auth/sign-in']!.post!;
    expect(signIn.requestBody).toMatchObject({
      content: { 'application/json': { schema: { properties: { email: {}, password: {} } } } },
    });
    expect(signIn.responses['401']?.content?.['application/json']?.schema).toMatchObject({
      properties: { error: { properties: { code: { enum: expect.arrayContaining(['INVALID_CREDENTIALS']) } } } },
    });
    const products = document.paths['/api/brands/{brandId}/products']!.get!;
    expect(products.security).toEqual([{ sessionCookie: [] }]);
    expect(products.parameters?.map((parameter) => `${parameter.in}:${parameter.name}`)).toEqual(
      expect.arrayContaining(['path:brandId', 'query:limit', 'query:cursor']),
    );
    expect(products.responses['200']?.content?.['application/json']?.schema).toMatchObject({
      properties: { items: { type: 'array' }, nextCursor: {} },
    });
    const create = document.paths['/api/brands/{brandId}/products']!.post!;
    expect(create.security).toEqual([{ sessionCookie: [], csrfToken: [] }]);
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '404']));
  });

  it('serves the reference page and its files from the server (no CDN)', async () => {
    const page = await t.client().get('/api/reference/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger-ui');
    expect(page.body).not.toMatch(/src="https?:\/\//);
    const script = await t.client().get('/api/reference/static/swagger-ui-bundle.js');
    expect(script.statusCode).toBe(200);
  });
});
