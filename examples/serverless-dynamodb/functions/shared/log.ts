/** Structured logs: one JSON object per line, which CloudWatch Logs Insights reads field by field. */
export type Level = "info" | "warn" | "error";

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(requestId: string | undefined): Logger {
  const write = (level: Level) => (message: string, fields: Record<string, unknown> = {}) => {
    console.log(JSON.stringify({ ...fields, level, message, requestId: requestId ?? null }));
  };
  return { info: write("info"), warn: write("warn"), error: write("error") };
}

/** An error's name, message and stack, for the log only: never for a response. */
export function describeError(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { error: error.name, detail: error.message, stack: error.stack } : { error: String(error) };
}
