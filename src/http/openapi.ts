import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'VALIDATION_FAILED' }),
      message: z.string(),
      issues: z.array(z.object({ path: z.string().meta({ example: 'services.0' }), message: z.string() })).optional(),
    }),
  })
  .meta({ id: 'Error' });

export const Paging = z.object({
  offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type Paging = z.infer<typeof Paging>;

/** The body of a list route: a page of `item` with the total and the paging it was asked for. */
export const pageOf = (item: z.ZodType) => z.object({ total: z.number(), offset: z.number(), limit: z.number(), items: z.array(item) });

export const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
export const errors = {
  400: json(ErrorResponse, 'Invalid input: each bad field is named in issues'),
  404: json(ErrorResponse, 'Not found'),
  503: json(ErrorResponse, 'The graph database or queue is unreachable; retry shortly'),
};

/** Each slice registers its paths here, next to its routes. */
export type Registrar = (registry: OpenAPIRegistry) => void;

export function buildOpenApiDocument(registrars: readonly Registrar[]) {
  const registry = new OpenAPIRegistry();
  for (const register of registrars) register(registry);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Consortia API',
      version: '0.1.0',
      description: 'Find partners to bid with, and whole consortia, for public-service tenders. Every score comes with reasons.',
    },
    servers: [{ url: '/' }],
  });
}
