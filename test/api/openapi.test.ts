/**
 * The OpenAPI document: valid OpenAPI 3.1, and in step with express — every route registered in
 * the router has its path and method in the document, and nothing in the document is unrouted.
 * Plus the error contract: problem+json for malformed, invalid and oversized bodies.
 */
import { compileErrors, validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiPath } from '../../src/api/route.ts';
import { createApiKey } from '../../src/auth/keys.ts';
import { type Harness, startHarness } from './harness.ts';
import { pgApiKeyRepository } from '../../src/persistence/index.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ jsonBytes: 2048 });
});
afterAll(async () => {
  await h?.close();
});

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** `METHOD /openapi/path` of every route in the express router stack (nested routers included). */
function expressRoutes(stack: Layer[]): string[] {
  const out: string[] = [];
  for (const l of stack) {
    if (l.route) {
      for (const [m, on] of Object.entries(l.route.methods)) if (on && m !== '_all') out.push(`${m.toUpperCase()} ${openApiPath(l.route.path)}`);
    } else if (l.handle?.stack) out.push(...expressRoutes(l.handle.stack));
  }
  return out.sort();
}

describe('OpenAPI document', () => {
  it('is served at /openapi.json and validates as OpenAPI 3.1', async () => {
    const r = await h.call('GET', '/openapi.json');
    expect(r.status).toBe(200);
    const doc = r.body as { openapi: string };
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('documents exactly the routes registered in express', async () => {
    const doc = (await h.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths)
      .flatMap(([p, ops]) => Object.keys(ops).filter((k) => ['get', 'post', 'put', 'delete', 'patch'].includes(k)).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    const routed = expressRoutes((h.api.app as unknown as { router: { stack: Layer[] } }).router.stack);
    expect(routed.length).toBeGreaterThan(20);
    expect(documented).toEqual(routed);
    for (const must of ['POST /v1/plans', 'GET /v1/plans/{id}/events', 'GET /v1/timetables/{id}', 'POST /v1/parcels', 'GET /v1/coverage']) {
      expect(routed).toContain(must);
    }
  });

  it('describes request bodies from the zod schemas, e.g. the plan request names its county field', async () => {
    const doc = (await h.call('GET', '/openapi.json')).body as {
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    };
    expect(doc.components.schemas.PlanRequest?.required).toContain('county');
    expect(doc.components.schemas.Problem?.properties).toHaveProperty('errors');
  });
});

describe('errors are RFC 9457 problem+json', () => {
  it('when the JSON is malformed, then 400 names the body', async () => {
    const r = await h.call('POST', '/v1/plans', { key: h.keys.operator, body: '{"county": "630123",' });
    expect(r.status).toBe(400);
    expect(r.type).toContain('application/problem+json');
    expect(r.body).toMatchObject({ status: 400, code: 'malformed_body', title: 'Bad Request', errors: [{ field: 'body' }] });
  });

  it('when a field breaks the schema, then 422 names the field and the rule', async () => {
    const r = await h.call('POST', '/v1/plans', { key: h.keys.operator, json: { county: '63012', seconds: -1 } });
    expect(r.status).toBe(422);
    const body = r.body as { code: string; errors: { field: string; reason: string }[] };
    expect(body.code).toBe('invalid_input');
    expect(body.errors.map((e) => e.field).sort()).toEqual(['county', 'seconds']);
    expect(body.errors.find((e) => e.field === 'county')?.reason).toMatch(/6-digit/);
  });

  it('when a query parameter is invalid, then 422 names it', async () => {
    const r = await h.call('GET', '/v1/runs?county=630123&date=27.11.2026', { key: h.keys.operator });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ errors: [{ field: 'date', file: 'query' }] });
  });

  it('when a plan has an impossible setting or a dispatch a day that does not exist, then 422 names the field', async () => {
    const plan = await h.call('POST', '/v1/plans', { key: h.keys.operator, json: { county: '630123', settings: { cutoff: '25:99' } } });
    expect(plan.status).toBe(422);
    expect(plan.body).toMatchObject({ code: 'invalid_input', errors: [{ file: 'body', field: 'settings.cutoff' }] });
    const dispatch = await h.call('POST', '/v1/dispatch', { key: h.keys.operator, json: { county: '630123', date: '2026-11-31' } });
    expect(dispatch.status).toBe(422);
    expect(dispatch.body).toMatchObject({ code: 'invalid_input', errors: [{ file: 'body', field: 'date', reason: 'must be a real calendar date' }] });
  });

  it('when a daily schedule names an unknown time zone, then 422 names timeZone (it was a 500 with the schedule stored)', async () => {
    const r = await h.call('PUT', '/v1/counties/630123/schedule', { key: h.keys.operator, json: { time: '06:30', timeZone: 'Mars/Olympus' } });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'invalid_input', errors: [{ file: 'body', field: 'timeZone' }] });
    const list = await h.call('GET', '/v1/counties/630123/schedule', { key: h.keys.operator });
    expect(JSON.stringify(list.body)).not.toContain('Mars');
  });

  it('when a CSV feed cannot be parsed, then 400 malformed_body names the body and the row', async () => {
    const csv = 'carrier,tracking_no,dest_code,weight_kg,volume_l,temperature,ready_at\nZTO,"broken,630123100001,1,2,ambient,2026-11-30T05:00\n';
    const r = await h.call('POST', '/v1/parcels?county=630123', { key: h.keys.operator, body: csv, type: 'text/csv' });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'malformed_body', title: 'Bad Request', errors: [{ field: 'body', row: 1 }] });
  });

  it('when a timetable id is too long for a bigint, then 422 names it (it was a 500)', async () => {
    const r = await h.call('GET', '/v1/timetables/99999999999999999999', { key: h.keys.operator });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ errors: [{ file: 'path', field: 'id' }] });
    const c = await h.call('GET', '/v1/coverage?county=630123&timetable=99999999999999999999');
    expect(c.status).toBe(422);
    expect(c.body).toMatchObject({ errors: [{ file: 'query', field: 'timetable' }] });
    expect((await h.call('GET', '/v1/timetables/999999999999999999', { key: h.keys.operator })).status).toBe(404);
  });

  it('when a path, query or body string holds a NUL character, then 422 names it (Postgres refused it with a 500)', async () => {
    const path = await h.call('GET', '/v1/runs/%00/manifest', { key: h.keys.operator });
    expect(path.status).toBe(422);
    expect(path.body).toMatchObject({ errors: [{ file: 'path', field: 'id', reason: 'must not contain the NUL character (U+0000)' }] });
    const query = await h.call('GET', '/v1/runs?county=630123&date=2026-11-30%00', { key: h.keys.operator });
    expect(query.status).toBe(422);
    expect(query.body).toMatchObject({ errors: [{ file: 'query', field: 'date' }] });
    const events = await h.call('POST', '/v1/events', { key: h.keys.operator, body: '[{"carrier":"ZTO","trackingNo":"A\\u00001","kind":"delivered","at":"2026-11-30T10:00"}]' });
    expect(events.status).toBe(422);
    expect(events.body).toMatchObject({ errors: [{ file: 'body', field: '0.trackingNo' }] });
    const keys = await h.call('POST', '/v1/keys', { key: h.keys.operator, json: { role: 'carrier', carrier: 'A\u0000B' } });
    expect(keys.status).toBe(422);
    expect(keys.body).toMatchObject({ errors: [{ file: 'body', field: 'carrier' }] });
  });

  it('when a path segment is not valid percent-encoding, then 400 malformed_path (it was a 500)', async () => {
    const r = await h.call('GET', '/v1/parcels/ZTO/%ZZ', { key: h.keys.carrierA });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'malformed_path', errors: [{ field: 'path' }] });
  });

  it('when the body is neither JSON nor an accepted type, then 415', async () => {
    const r = await h.call('POST', '/v1/plans', { key: h.keys.operator, body: 'county=630123', type: 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(415);
    expect(r.body).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('when the body is over the limit, then 413', async () => {
    const r = await h.call('POST', '/v1/plans', { key: h.keys.operator, json: { county: '630123', settings: { pad: 'x'.repeat(5000) } } });
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ code: 'payload_too_large' });
  });

  it('when a county is not imported, then 404; an unknown route is 404 too', async () => {
    const { key } = await createApiKey(pgApiKeyRepository(h.db), { role: 'operator', county: '630121' });
    const r = await h.call('POST', '/v1/plans', { key, json: { county: '630121', seconds: 1 } });
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ code: 'not_found', detail: 'county 630121 is not imported' });
    const nf = await h.call('GET', '/v1/timetables/987654', { key: h.keys.operator });
    expect(nf.status).toBe(404);
    expect(nf.body).toMatchObject({ code: 'not_found' });
    expect((await h.call('GET', '/v1/nothing-here')).status).toBe(404);
  });

  it('carries the request id in the problem and the X-Request-Id header', async () => {
    const res = await fetch(`${h.base}/v1/me`, { headers: { 'x-request-id': 'test-req-42' } });
    expect(res.headers.get('x-request-id')).toBe('test-req-42');
    expect(await res.json()).toMatchObject({ requestId: 'test-req-42', status: 401 });
  });
});

type Schema = Record<string, unknown>;

/**
 * Every property of a request or response body, followed through $refs, items, additional
 * properties and compositions, whose schema says nothing of its type (an empty `{}` or an object
 * schema with only `description`). Returns `path: what` for each.
 */
function untypedProperties(doc: { paths: Record<string, Record<string, unknown>>; components?: { schemas?: Record<string, Schema> } }): string[] {
  const bad: string[] = [];
  const seen = new Set<Schema>();
  const deref = (s: Schema): Schema => {
    let cur = s;
    for (let i = 0; i < 20 && typeof cur.$ref === 'string'; i++) {
      const name = (cur.$ref as string).replace('#/components/schemas/', '');
      cur = doc.components?.schemas?.[name] ?? {};
    }
    return cur;
  };
  const typed = (s: Schema): boolean => {
    const d = deref(s);
    if ('type' in d || 'enum' in d || 'const' in d) return true;
    for (const k of ['oneOf', 'anyOf', 'allOf'] as const) {
      const list = d[k];
      if (Array.isArray(list) && list.length > 0) return (list as Schema[]).every(typed);
    }
    return false;
  };
  const walk = (s: Schema, at: string): void => {
    const d = deref(s);
    if (seen.has(d)) return;
    seen.add(d);
    if (!typed(d)) bad.push(at);
    for (const k of ['oneOf', 'anyOf', 'allOf'] as const) {
      const list = d[k];
      if (Array.isArray(list)) (list as Schema[]).forEach((x, i) => walk(x, `${at}/${k}[${i}]`));
    }
    for (const [name, p] of Object.entries((d.properties ?? {}) as Record<string, Schema>)) walk(p, `${at}.${name}`);
    if (d.items && typeof d.items === 'object') walk(d.items as Schema, `${at}[]`);
    if (d.additionalProperties && typeof d.additionalProperties === 'object') walk(d.additionalProperties as Schema, `${at}{}`);
  };
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops as Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> }; responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>)) {
      const bodies = [
        ...Object.entries(op.requestBody?.content ?? {}).map(([t, c]) => [`${method.toUpperCase()} ${path} request ${t}`, c.schema] as const),
        ...Object.entries(op.responses ?? {}).flatMap(([status, r]) => Object.entries(r.content ?? {}).map(([t, c]) => [`${method.toUpperCase()} ${path} ${status} ${t}`, c.schema] as const)),
      ];
      for (const [where, schema] of bodies) if (schema) walk(schema, where);
    }
  }
  return bad;
}

describe('OpenAPI schemas are complete', () => {
  it('every property of every request and response body has a type (through $refs and compositions)', async () => {
    const doc = (await h.call('GET', '/openapi.json')).body as Parameters<typeof untypedProperties>[0];
    expect(untypedProperties(doc)).toEqual([]);
  });

  it('the walker finds an untyped property when there is one', () => {
    const doc = {
      paths: { '/x': { get: { responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/X' } } } } } } } },
      components: { schemas: { X: { type: 'object', properties: { ok: { type: 'string' }, open: { description: 'anything' }, list: { type: 'array', items: {} } } } } },
    };
    expect(untypedProperties(doc)).toEqual(['GET /x 200 application/json.open', 'GET /x 200 application/json.list[]']);
  });

  it('feed rows, events, timetables, runs, manifests and coverage carry their fields with examples', async () => {
    const doc = (await h.call('GET', '/openapi.json')).body as { components: { schemas: Record<string, { properties?: Record<string, unknown>; example?: unknown }> } };
    const s = doc.components.schemas;
    for (const name of ['FeedRow', 'ScanEvent', 'Timetable', 'RunSummary', 'Manifest', 'CoverageReport', 'ParcelStatus']) {
      expect(s[name]?.properties, name).toBeDefined();
      expect(s[name]?.example, `${name} example`).toBeDefined();
    }
    expect(Object.keys(s.FeedRow!.properties!)).toEqual(expect.arrayContaining(['trackingNo', 'destCode', 'weightKg', 'volumeL', 'readyAt', 'dueBy']));
  });
});
