/*
 * What every browser benchmark shares: the Chromium flags (Debian's Chromium, headless, no
 * extras), reading `--name=value` flags, and running a main function to an exit code.
 */

/** The Chromium flags of every browser benchmark. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Each new context opens a window, and Chromium 156 preloads that window's omnibox popup (a WebUI
  // page of ~400 chrome://resources files) in a renderer of its own during the first ~800 ms: on
  // two cores it competed with every page load measured (issue #18). A person opening a board in a
  // browser already running has no such load.
  '--disable-features=WebUIOmniboxPopup,PreloadTopChromeWebUI,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup',
];

/** The value of a `--name=value` flag of this process; undefined when it is not given. */
export function option(name: string): string | undefined {
  return process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
}

/** Runs `main` and exits 0 when it finishes, 1 (after printing the error) when it throws. */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
