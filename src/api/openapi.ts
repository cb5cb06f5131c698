/** Builds the OpenAPI 3.1 document from the route table (schemas from src/api/schemas.ts). */
import { OpenApiGeneratorV31, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { RouteTable } from './route.ts';

/** The OpenAPI document of `routes`. */
export function openApiDocument(routes: RouteTable, version = '0.1.0'): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'API key from `rural-dispatch keys create` (or printed by `serve` on first start)',
  });
  routes.register(registry);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'rural-dispatch API',
      version,
      description:
        'Routing and dispatch for rural three-tier logistics. Errors are RFC 9457 problem+json with a stable `code` and `errors: [{field, row, reason}]`.',
    },
    servers: [{ url: '/' }],
  });
}
