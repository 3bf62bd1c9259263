import { describe, expect, it } from 'vitest';
import { useTestServers } from './helpers';

describe('GET /api/time', () => {
  const { server } = useTestServers();

  it('answers the server clock without a token and is never cached', async () => {
    const { app } = await server();
    const before = Date.now();
    const response = await app.inject({ method: 'GET', url: '/api/time' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const { now } = response.json<{ now: number }>();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
