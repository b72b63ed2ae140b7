/** Structured log lines; implemented with pino at the composition root. */
export interface Logger {
  info(fields: Readonly<Record<string, unknown>>, message: string): void;
  warn(fields: Readonly<Record<string, unknown>>, message: string): void;
  error(fields: Readonly<Record<string, unknown>>, message: string): void;
  /** What only matters when tracing (LOG_LEVEL=debug); a logger may leave it out. */
  debug?(fields: Readonly<Record<string, unknown>>, message: string): void;
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** The ids every log line about a channel carries. */
export function channelFields(channel: {
  readonly id: number;
  readonly workspaceId: number;
}): Readonly<Record<string, number>> {
  return { workspaceId: channel.workspaceId, channelId: channel.id };
}
