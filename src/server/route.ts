import type { z } from 'zod';
import type { Principal } from '../access/index.js';
import type { RequestContext } from '../common/index.js';

/** `bearer`: an API key or contact token is required; `optional`: used when given; `none`: public. */
export type RouteAuth = 'bearer' | 'optional' | 'none';

export interface RouteInput<Params, Query, Body> {
  readonly principal: Principal | undefined;
  readonly params: Params;
  readonly query: Query;
  readonly body: Body;
  readonly context: RequestContext;
}

export interface RouteResult {
  readonly status: number;
  readonly body: unknown;
  /** Defaults to JSON; a string body may be sent as e.g. `text/plain; charset=utf-8`. */
  readonly contentType?: string;
  /** Extra response headers (e.g. a pagination cursor). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * One API route: its shape (zod schemas, which also make the OpenAPI document) and its handler.
 * Inputs are parsed strictly before the handler runs; unknown fields are refused.
 */
export interface RouteDefinition<Params = unknown, Query = unknown, Body = unknown> {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly url: string;
  readonly summary: string;
  readonly tag: string;
  readonly auth: RouteAuth;
  readonly params?: z.ZodType<Params>;
  readonly query?: z.ZodType<Query>;
  readonly body?: z.ZodType<Body>;
  readonly response: { readonly status: number; readonly schema?: z.ZodType };
  handler(input: RouteInput<Params, Query, Body>): Promise<RouteResult>;
}

/** Keeps each route's types checked while the list of routes stays heterogeneous. */
export function defineRoute<Params, Query, Body>(
  definition: RouteDefinition<Params, Query, Body>,
): RouteDefinition<unknown, unknown, unknown> {
  return definition as RouteDefinition<unknown, unknown, unknown>;
}
