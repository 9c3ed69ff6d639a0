/**
 * The shapes of the cost estimate: the synthesized stack it reads, the price data, and the lines
 * and totals it returns (for the stack as it is, and for the controls it does not use).
 */
import type { EnvironmentConfig } from "../../environments/config";

/**
 * The usage settings of the sign-in, table and upload parts of a stack (the cognito-auth,
 * dynamodb-table and upload-pipeline modules). Optional in {@link Usage} until the environment
 * schema (`environments/config/schema.ts`) carries them; an unset one is read as its default in
 * `USAGE_DEFAULTS` (`assumptions.ts`), and the line says so.
 */
export interface EventUsage {
  /** Users who sign up, sign in or refresh a token in the month, over all user pools. */
  readonly monthlyActiveUsers: number;
  /** Sign-ups confirmed in the month: the invocations of a post-confirmation (or pre-sign-up) trigger. */
  readonly signUpsPerMonth: number;
  /** DynamoDB read request units in the month, over all tables. */
  readonly dynamodbReadsPerMonth: number;
  /** DynamoDB write request units in the month, over all tables (each also a stream record where a stream is on). */
  readonly dynamodbWritesPerMonth: number;
  /** Data kept in DynamoDB, in GiB, over all tables (indexes included). */
  readonly dynamodbStorageGiB: number;
  /** Files uploaded in the month: a PUT to the uploads bucket, a GET and a thumbnail PUT by the function it triggers. */
  readonly uploadsPerMonth: number;
  /** Raw uploads kept in the uploads bucket, in GiB. */
  readonly uploadStorageGiB: number;
  /** Processed files kept in the processed-assets bucket, in GiB. */
  readonly assetsStorageGiB: number;
  /** Requests to the distribution serving the processed assets. */
  readonly assetsRequestsPerMonth: number;
  /** Data that distribution sends to browsers, in GiB. */
  readonly assetsDataOutGiBPerMonth: number;
}

/** The environment's expected monthly traffic and storage (`config.usage`), with the {@link EventUsage} settings where given. */
export type Usage = EnvironmentConfig["usage"] & Partial<EventUsage>;

/** One resource's arguments in the synthesized JSON. */
export type TerraformResource = Readonly<Record<string, unknown>>;

/** The part of a synthesized stack (`stack.toTerraform()` or `cdk.tf.json`) the estimate reads. */
export interface SynthesizedStack {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, TerraformResource>>>>;
  readonly [key: string]: unknown;
}

/** One price: the USD price of one `unit` of `key` in `region` ("global": every region without its own). */
export interface PriceEntry {
  readonly key: string;
  readonly region: string;
  readonly usd: number;
  readonly unit: string;
  /** The page the number was read from. */
  readonly source: string;
  /** The date of the source page's version (YYYY-MM-DD or YYYY-MM), or the day it was read. */
  readonly read: string;
  readonly note?: string;
}

/** The price data file, `scripts/cost/prices.json`. */
export interface PriceData {
  readonly currency: "USD";
  readonly hoursPerMonth: number;
  readonly prices: readonly PriceEntry[];
}

/** priced: a cost from the price data; free: costs nothing (the reason is in the description); not priced: no price known. */
export type LineStatus = "priced" | "free" | "not priced";

/** One line of the estimate. */
export interface CostLine {
  /** The Terraform address (`aws_nat_gateway.Network_NatGatewayA_129C0222`) or a group label. */
  readonly resource: string;
  /** The Terraform resource type, or what a group prices. */
  readonly type: string;
  /** What is priced, with its quantities and unit prices; for free lines, why they are free. */
  readonly description: string;
  /** USD a month; 0 for free and not-priced lines. */
  readonly monthly: number;
  readonly status: LineStatus;
}

/** The same workload on the common default architecture, for comparison. */
export interface DefaultArchitectureEstimate {
  readonly description: string;
  /** What the default architecture adds, and one line for everything it keeps. */
  readonly lines: readonly CostLine[];
  readonly total: number;
  /** `total` minus this stack's total: what this stack saves a month (negative: what it costs more). */
  readonly difference: number;
}

export interface CostEstimate {
  readonly region: string;
  /** Every line, most expensive first. */
  readonly lines: readonly CostLine[];
  /** The sum of the priced lines. */
  readonly total: number;
  /** The oldest and newest `read` dates of the prices used. */
  readonly pricesRead: { readonly oldest: string; readonly newest: string } | undefined;
  readonly defaultArchitecture: DefaultArchitectureEstimate;
}

/**
 * priced: a monthly figure (what it leaves out is in `plus`); unit price only: no volume to
 * multiply, so the unit price is given; in use: the stack already has it (its cost is in the
 * estimate); not applicable: the stack has nothing to apply it to; not priced: a price is missing.
 */
export type ControlStatus = "priced" | "unit price only" | "in use" | "not applicable" | "not priced";

/** One security control the stacks deliberately do not use, and what it would add a month. */
export interface ControlLine {
  readonly control: string;
  readonly status: ControlStatus;
  /** USD a month of what can be estimated; 0 unless the status is "priced". */
  readonly monthly: number;
  /** What is priced, with its quantities and unit prices; the unit price for "unit price only"; the reason otherwise. */
  readonly description: string;
  /** What the monthly figure leaves out, with its unit price where one is known. */
  readonly plus: readonly string[];
  /** The environment setting that turns the control on, or "none" (it would need a change to the modules). */
  readonly configSwitch: string;
}

export interface ControlsEstimate {
  readonly region: string;
  /** One line per control, in a fixed order. */
  readonly lines: readonly ControlLine[];
  /** The oldest and newest `read` dates of the prices used. */
  readonly pricesRead: { readonly oldest: string; readonly newest: string } | undefined;
}

export interface ControlsOptions {
  /** The environment's log retention in days (`config.logRetentionDays`): how long S3 access logs would be kept. */
  readonly logRetentionDays: number;
}

