// Preloaded into every benchmarked server (node --expose-gc --require …): on SIGUSR2 it runs a
// full garbage collection, so the RSS-per-board test measures what the boards retain rather than
// garbage left over from loading them. Changes nothing else about the server.
'use strict';

process.on('SIGUSR2', () => {
  if (typeof globalThis.gc === 'function') {
    globalThis.gc();
    globalThis.gc();
  }
});
