/*
 * Run by main.test.ts as its own process (`node --import tsx tests/startup-modules.ts`): builds the
 * whole app as main.ts does, then accepts an SVG and reads a workbook, and prints which packages
 * the CommonJS loader (every heavy dependency but file-type is CommonJS) had loaded after each step.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { readWorkbook } from '../src/http/spreadsheet';
import { acceptImage } from '../src/images/accept';

const require = createRequire(import.meta.url);

/** Names of the packages with a module in the CommonJS cache. */
function loadedPackages(): string[] {
  const names = new Set<string>();
  for (const file of Object.keys(require.cache)) {
    const name = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
    if (name) names.add(name);
  }
  return [...names].sort();
}

const dataDir = mkdtempSync(join(tmpdir(), 'weboard-startup-'));
const app = await buildApp(loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' }));
await app.ready();
const atStart = loadedPackages();
const svg = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>';
const image = await acceptImage(new TextEncoder().encode(svg), 1024 * 1024);
const afterSvg = loadedPackages();
await readWorkbook(Buffer.from('not a workbook')).catch(() => undefined);
const afterWorkbook = loadedPackages();
await app.close();
rmSync(dataDir, { recursive: true, force: true });
console.log(JSON.stringify({ atStart, afterSvg, afterWorkbook, svgType: image.type }));
