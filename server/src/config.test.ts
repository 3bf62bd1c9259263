import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

describe('loadConfig', () => {
  it('has defaults that put data and the client in the repository', () => {
    const config = loadConfig({}, '/somewhere/else');
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      dataDir: path.join(REPO_ROOT, 'data'),
      clientDir: path.join(REPO_ROOT, 'client', 'dist'),
      secret: undefined,
      publicUrl: undefined,
      flushIntervalMs: 50,
      idleUnloadMs: 30_000,
      shutdownTimeoutMs: 60_000,
      maxMessageBytes: 4 * 1024 * 1024,
      maxImageBytes: 10 * 1024 * 1024,
      compactAfterUpdates: 500,
      logLevel: 'info',
    });
  });

  it('reads every variable, resolving relative directories against the working directory', () => {
    const config = loadConfig(
      {
        HOST: '0.0.0.0',
        PORT: '0',
        DATA_DIR: 'var/data',
        CLIENT_DIR: '/srv/client',
        WEBOARD_SECRET: 'a-long-enough-secret',
        PUBLIC_URL: 'https://weboard.example/',
        FLUSH_INTERVAL_MS: '20',
        IDLE_UNLOAD_MS: '1000',
        SHUTDOWN_TIMEOUT_MS: '5000',
        MAX_MESSAGE_BYTES: '65536',
        COMPACT_AFTER_UPDATES: '10',
        LOG_LEVEL: 'warn',
      },
      '/work',
    );
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      dataDir: '/work/var/data',
      clientDir: '/srv/client',
      secret: 'a-long-enough-secret',
      publicUrl: 'https://weboard.example',
      flushIntervalMs: 20,
      idleUnloadMs: 1000,
      shutdownTimeoutMs: 5000,
      maxMessageBytes: 65536,
      compactAfterUpdates: 10,
      logLevel: 'warn',
    });
  });

  it.each([
    ['PORT', 'abc', 'Invalid PORT: expected an integer 0-65535, got "abc"'],
    ['PORT', '65536', 'Invalid PORT'],
    ['PORT', '-1', 'Invalid PORT'],
    ['FLUSH_INTERVAL_MS', '1.5', 'Invalid FLUSH_INTERVAL_MS'],
    ['PUBLIC_URL', 'not a url', 'Invalid PUBLIC_URL'],
    ['WEBOARD_SECRET', 'short', 'Invalid WEBOARD_SECRET'],
    ['LOG_LEVEL', 'loud', 'Invalid LOG_LEVEL'],
    ['TRUST_PROXY', 'proxy.example', 'Invalid TRUST_PROXY'],
    ['TRUST_PROXY', '10.0.0.0/33', 'Invalid TRUST_PROXY'],
    ['WEBOARD_PREVIOUS_SECRETS', 'short', 'Invalid WEBOARD_PREVIOUS_SECRETS'],
    ['HEADERS_TIMEOUT_MS', '0', 'Invalid HEADERS_TIMEOUT_MS'],
  ])('names the bad variable: %s=%s', (name, value, message) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(name);
    expect((error as ConfigError).message).toContain(message);
  });

  it.each([
    ['true', true],
    ['false', false],
    ['2', 2],
    ['127.0.0.1, 10.0.0.0/8,::1', ['127.0.0.1', '10.0.0.0/8', '::1']],
  ])('reads TRUST_PROXY=%s', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each([
    [{ WEBOARD_PREVIOUS_SECRETS: 'an-old-secret-long-enough' }, 'WEBOARD_SECRET_GRACE_END'],
    [{ HEADERS_TIMEOUT_MS: '120000' }, 'REQUEST_TIMEOUT_MS'],
  ])('refuses settings that do not fit together: %j', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(expect.objectContaining({ variable }));
  });

  it('reads previous secrets with the end of their grace period', () => {
    const config = loadConfig({
      WEBOARD_PREVIOUS_SECRETS: 'first-old-secret-123, second-old-secret-45',
      WEBOARD_SECRET_GRACE_END: '2030-01-02T03:04:05Z',
    });
    expect(config.previousSecrets).toEqual(['first-old-secret-123', 'second-old-secret-45']);
    expect(config.previousSecretsUntil).toBe(Date.UTC(2030, 0, 2, 3, 4, 5));
  });
});
