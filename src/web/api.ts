/** Calls to the vpcsim server's JSON API (same origin). */
import type { ErrorResponse, ModelResponse, TestResponse, TraceRequest, TraceResponse, ValidateResponse } from '../server/api-types.js';

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json()) as T | ErrorResponse;
  if (!res.ok) throw new Error((body as ErrorResponse).error ?? `HTTP ${res.status}`);
  return body as T;
}

export const api = {
  model: async (): Promise<ModelResponse> => json<ModelResponse>(await fetch('/api/model')),
  validate: async (): Promise<ValidateResponse> => json<ValidateResponse>(await fetch('/api/validate')),
  test: async (): Promise<TestResponse> => json<TestResponse>(await fetch('/api/test')),
  trace: async (flow: TraceRequest): Promise<TraceResponse> =>
    json<TraceResponse>(await fetch('/api/trace', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(flow) })),
};
