/** Calls to the vpcsim server's JSON API (same origin). */
import type {
  ErrorResponse,
  ModelResponse,
  NetworkWideResponse,
  TestResponse,
  TraceRequest,
  TraceResponse,
  ValidateResponse,
} from '../server/api-types.js';

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json()) as T | ErrorResponse;
  if (!res.ok) throw new Error((body as Partial<ErrorResponse>).error ?? `HTTP ${res.status}`);
  return body as T;
}

const q = (variant: string | undefined): string => (variant ? `?variant=${encodeURIComponent(variant)}` : '');

export const api = {
  model: async (variant?: string): Promise<ModelResponse> =>
    json<ModelResponse>(await fetch(`/api/model${q(variant)}`)),
  validate: async (variant?: string): Promise<ValidateResponse> =>
    json<ValidateResponse>(await fetch(`/api/validate${q(variant)}`)),
  test: async (variant?: string): Promise<TestResponse> =>
    json<TestResponse>(await fetch(`/api/test${q(variant)}`)),
  exposure: async (variant?: string): Promise<NetworkWideResponse> =>
    json<NetworkWideResponse>(await fetch(`/api/exposure${q(variant)}`)),
  matrix: async (by: string, variant?: string): Promise<NetworkWideResponse> =>
    json<NetworkWideResponse>(
      await fetch(
        `/api/matrix?by=${encodeURIComponent(by)}${variant ? `&variant=${encodeURIComponent(variant)}` : ''}`,
      ),
    ),
  trace: async (flow: TraceRequest): Promise<TraceResponse> =>
    json<TraceResponse>(
      await fetch('/api/trace', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(flow),
      }),
    ),
};
