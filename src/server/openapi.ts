import { z } from 'zod';
import { ERROR_CATALOGUE } from '../errors/index.js';
import type { RouteDefinition } from './route.js';
import { errorResponseSchema } from './schemas.js';

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' });

/** The OpenAPI 3.0 document, generated from the same zod schemas that parse each request. */
export function buildOpenApiDocument(routes: readonly RouteDefinition[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      summary: route.summary,
      tags: [route.tag],
      security: route.auth === 'none' ? [] : route.auth === 'optional' ? [{}, { bearer: [] }] : [{ bearer: [] }],
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      ...(route.body && {
        requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } },
      }),
      responses: {
        [route.response.status]: {
          description: 'Success',
          ...(route.response.schema && { content: { 'application/json': { schema: jsonSchema(route.response.schema, 'output') } } }),
        },
        default: { $ref: '#/components/responses/Error' },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Sealdesk API',
      version: '1',
      description: `Errors: ${Object.keys(ERROR_CATALOGUE).join(', ')}. See docs/errors.md.`,
    },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A member API key or a widget contact token.' } },
      responses: {
        Error: { description: 'An error', content: { 'application/json': { schema: jsonSchema(errorResponseSchema, 'output') } } },
      },
    },
  };
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const described = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(described.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (described.required ?? []).includes(name),
    schema: property,
  }));
}
