import { CloseCode } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import { openSocket, sample } from './raw';
import { connectClient, createBoard, useTestServers, waitFor } from './helpers';

describe('REST and websocket hardening', () => {
  const { cleanups, server } = useTestServers();

  it('sends security headers with a content security policy', async () => {
    const started = await server();
    const response = await started.app.inject({ url: '/' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('rate-limits the REST API per address with a JSON 429, leaving health and metrics alone', async () => {
    const started = await server({ REST_RATE_LIMIT_PER_MINUTE: '3' });
    for (let i = 0; i < 3; i++) await createBoard(started.app);
    const limited = await started.app.inject({
      method: 'POST',
      url: '/api/boards',
      payload: { title: 'one too many' },
    });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({
      error: { code: 'WB_ERR_RATE_LIMITED', message: expect.stringMatching(/retry in \d+ s/) },
    });
    expect(limited.headers['retry-after']).toBeDefined();
    for (let i = 0; i < 5; i++) {
      expect((await started.app.inject({ url: '/healthz' })).statusCode).toBe(200);
      expect((await started.app.inject({ url: '/metrics' })).statusCode).toBe(200);
    }
  });

  it('refuses a request body over the limit with 413', async () => {
    const started = await server();
    const response = await started.app.inject({
      method: 'POST',
      url: '/api/boards',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('WB_ERR_PAYLOAD_TOO_LARGE');
  });

  it('accepts websockets from its own pages and non-browsers, refuses other origins with 4403', async () => {
    const started = await server();
    const board = await createBoard(started.app);
    const host = new URL(started.wsUrl).host;
    const same = openSocket(started.wsUrl, board.id, board.tokens.editor, {
      origin: `http://${host}`,
    });
    expect(await same.opened).toBe(true);
    // Accepted means served: the server starts the sync handshake, and the socket stays open.
    await waitFor(() => same.messages.length > 0, 5000, 'the server to start syncing');
    expect(same.socket.readyState).toBe(same.socket.OPEN);
    same.socket.close();
    const plain = await connectClient(started.wsUrl, board.id, board.tokens.editor);
    cleanups.push(plain.destroy);

    const evil = openSocket(started.wsUrl, board.id, board.tokens.editor, {
      origin: 'https://evil.example',
    });
    expect(await evil.closed).toEqual({ code: CloseCode.Forbidden, reason: 'Origin not allowed' });
    const body = (await started.app.inject({ url: '/metrics' })).body;
    expect(sample(body, 'weboard_connections_rejected_total{reason="origin"}')).toBe(1);
  });

  it('accepts exactly the configured ALLOWED_ORIGINS', async () => {
    const started = await server({
      ALLOWED_ORIGINS: 'https://weboard.example, https://other.example/',
    });
    const board = await createBoard(started.app);
    const allowed = openSocket(started.wsUrl, board.id, board.tokens.editor, {
      origin: 'https://other.example',
    });
    await allowed.opened;
    await waitFor(() => allowed.messages.length > 0, 5000, 'the server to start syncing');
    expect(allowed.socket.readyState).toBe(allowed.socket.OPEN);
    allowed.socket.close();
    const host = new URL(started.wsUrl).host;
    const self = openSocket(started.wsUrl, board.id, board.tokens.editor, {
      origin: `http://${host}`,
    });
    expect((await self.closed).code).toBe(CloseCode.Forbidden);
  });
});
