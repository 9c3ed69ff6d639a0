/** The retention periods, in days, that CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export function isValidLogRetention(days: number): boolean {
  return (LOG_RETENTION_DAYS as readonly number[]).includes(days);
}

export const LOG_RETENTION_RULE = `must be one of the retention periods CloudWatch Logs accepts (${LOG_RETENTION_DAYS.join(", ")})`;
