/**
 * The PostgreSQL database tests use: `TEST_DATABASE_URL`, else the local server CI starts
 * (trust authentication, database `test`, connecting as the current OS user).
 */
export function testDatabaseUrl(): string {
  return (
    process.env.TEST_DATABASE_URL ?? `postgres://${process.env.USER ?? 'root'}@127.0.0.1:5432/test`
  );
}
