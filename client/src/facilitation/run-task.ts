/**
 * Runs a panel task (a REST call, an export): the panel shows it busy, then its message or error.
 * The task returns the message to show, or undefined for none.
 */
export type RunTask = (what: () => Promise<string | undefined>) => Promise<void>;
