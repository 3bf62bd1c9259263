import client from 'prom-client';

/** Why a websocket was refused or cut off by a limit; the label of `weboard_connections_rejected_total`. */
export type RejectReason =
  | 'unauthorized'
  | 'board_not_found'
  | 'origin'
  | 'board_full'
  | 'ip_full'
  | 'rate_limited'
  | 'malformed'
  | 'too_big'
  | 'board_too_big'
  | 'slow_reader'
  | 'shutting_down'
  | 'storage';

/**
 * The app's Prometheus metrics, in a registry of its own so that several apps in one process (tests,
 * two instances) never share counters.
 */
export class Metrics {
  readonly registry = new client.Registry();

  readonly updatesIn = new client.Counter({
    name: 'weboard_updates_in_total',
    help: 'Document updates received from clients',
    registers: [this.registry],
  });
  readonly updatesOut = new client.Counter({
    name: 'weboard_updates_out_total',
    help: 'Document updates sent to clients (one per receiving connection)',
    registers: [this.registry],
  });
  readonly messagesIn = new client.Counter({
    name: 'weboard_messages_in_total',
    help: 'Websocket messages received from clients',
    registers: [this.registry],
  });
  readonly bytesIn = new client.Counter({
    name: 'weboard_bytes_in_total',
    help: 'Websocket payload bytes received from clients',
    registers: [this.registry],
  });
  readonly bytesOut = new client.Counter({
    name: 'weboard_bytes_out_total',
    help: 'Websocket payload bytes sent to clients',
    registers: [this.registry],
  });
  readonly fanoutSeconds = new client.Histogram({
    name: 'weboard_fanout_seconds',
    help: 'Time from applying an update to handing it to every other connection of the board',
    buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    registers: [this.registry],
  });
  readonly storeWriteSeconds = new client.Histogram({
    name: 'weboard_store_write_seconds',
    help: 'Latency of one group-commit write of a board update batch',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly storeFailures = new client.Counter({
    name: 'weboard_store_failures_total',
    help: 'Failed storage writes (each is retried with backoff)',
    labelNames: ['operation'] as const,
    registers: [this.registry],
  });
  readonly rejectedConnections = new client.Counter({
    name: 'weboard_connections_rejected_total',
    help: 'Websocket connections refused or closed by the server, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly presenceEntries = new client.Counter({
    name: 'weboard_presence_entries_total',
    help: 'Presence entries received, by what became of them: charged (accepted or a claim of another id) or ignored (echo or stale, free)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly presenceEchoMessages = new client.Counter({
    name: 'weboard_presence_echo_messages_total',
    help: 'Presence messages holding only echoes or stale entries (charged nothing)',
    registers: [this.registry],
  });
  readonly presenceOut = new client.Counter({
    name: 'weboard_presence_bytes_out_total',
    help: 'Presence bytes sent to clients (part of weboard_bytes_out_total)',
    registers: [this.registry],
  });
  readonly invalidRecords = new client.Counter({
    name: 'weboard_invalid_records_total',
    help:
      'Board records that did not fit the schema: undone in a client update, repaired on load or ' +
      'after a server change, or skipped by a reader',
    labelNames: ['map', 'where'] as const,
    registers: [this.registry],
  });
  readonly relayMessages = new client.Counter({
    name: 'weboard_relay_messages_total',
    help: 'Messages exchanged with other instances through Redis',
    labelNames: ['direction'] as const,
    registers: [this.registry],
  });

  constructor(gauges: {
    connections: () => number;
    boards: () => number;
    failingBoards: () => number;
    unsavedBoards: () => number;
  }) {
    /** A gauge read when scraped. */
    const gauge = (name: string, help: string, read: () => number) =>
      new client.Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read());
        },
      });
    gauge('weboard_connections_open', 'Open websocket connections', gauges.connections);
    gauge('weboard_boards_open', 'Boards loaded in memory', gauges.boards);
    gauge(
      'weboard_boards_failing_writes',
      'Open boards whose last storage write failed (retrying)',
      gauges.failingBoards,
    );
    gauge(
      'weboard_boards_unsaved',
      'Open boards holding edits not in storage yet (a crash now would lose them)',
      gauges.unsavedBoards,
    );
    client.collectDefaultMetrics({ register: this.registry, prefix: 'weboard_' });
  }

  reject(reason: RejectReason): void {
    this.rejectedConnections.inc({ reason });
  }
}
