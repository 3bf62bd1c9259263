/*
 * The board page's boot script, inlined into index.html by the build (vite.config.ts,
 * `inlineBootScript`): it runs as the browser parses the page, before any of the page's scripts has
 * downloaded, and opens the board's websocket, so the server's answer (the whole board on a first
 * visit) travels while the page's code downloads and starts. Keep it small: every page carries it.
 */
import { openBoardSocketEarly } from './app/boot';

try {
  openBoardSocketEarly();
} catch {
  // Storage blocked, say: the page's code opens the socket as it would without this script.
}
