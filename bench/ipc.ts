// Messages between the benchmark orchestrator and its load generators.

/** One simulated user: a socket, the conversation it writes in, and the server process it talks to. */
export interface BenchUser {
  userId: string;
  conversationId: string;
  target: number;
  /** The other party of the conversation talks to another server process. */
  crossProcess: boolean;
}

export interface InitCommand {
  type: 'init';
  /** `parley` signs a token per user; `bare` just names the user. */
  mode: 'parley' | 'bare';
  targets: string[];
  site: { id: string; secret: string } | null;
  users: BenchUser[];
  /** Local addresses the sockets are spread over (127.0.0.x). */
  addresses: string[];
  generator: number;
}

export interface ConnectCommand {
  type: 'connect';
  concurrency: number;
}

export interface ConnectResult {
  connected: number;
  failed: number;
  firstError: string | null;
  seconds: number;
}

/** `open`: send at `rate` messages/s whatever happens. `closed`: keep `window` sends unacknowledged. */
export interface RunCommand {
  type: 'run';
  phase: string;
  loop: 'open' | 'closed';
  rate?: number;
  window?: number;
  warmupSec: number;
  durationSec: number;
}

export interface RunResult {
  phase: string;
  /** Messages sent and acked ok inside the measured window. */
  sent: number;
  acked: number;
  ackErrors: Record<string, number>;
  /** Measured messages whose recipient never got `message:created` (within the drain time). */
  missing: number;
  measuredSec: number;
  /** Compressed HDR histograms, microseconds. */
  delivery: string;
  deliveryCross: string;
  deliveryLocal: string;
  ack: string;
  /** How far behind its schedule the open loop fell (ms, p99 and max). */
  lagP99Ms: number;
  lagMaxMs: number;
  /** CPU seconds the generator itself used in the measured window. */
  cpuSec: number;
  /** The generator's own event-loop delay over the measured window (ms). */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}
