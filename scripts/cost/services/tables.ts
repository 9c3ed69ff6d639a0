/**
 * Prices of DynamoDB tables: on-demand read and write request units, storage, point-in-time
 * recovery, and the table's stream (whose reads by Lambda triggers are free).
 *
 * The usage settings give the reads, writes and storage of all tables together
 * (`usage.dynamodbReadsPerMonth`, `usage.dynamodbWritesPerMonth`, `usage.dynamodbStorageGiB`),
 * shared evenly by the stack's tables.
 */
import { block, blocks, literal, referencedName, stringOf } from "../../../inspect";
import { usageSetting } from "../assumptions";
import { address, Component, Context, Line, PriceRule } from "../context";
import { formatQuantity } from "../format";
import type { TerraformResource } from "../types";

/** The reads, writes and storage of one table: its share of the usage settings, with how the line names them. */
export function tableUsage(ctx: Context): { reads: number; writes: number; storageGiB: number; source: string } {
  const tables = Math.max(ctx.of("aws_dynamodb_table").length, 1);
  const reads = usageSetting(ctx.usage, "dynamodbReadsPerMonth");
  const writes = usageSetting(ctx.usage, "dynamodbWritesPerMonth");
  const storage = usageSetting(ctx.usage, "dynamodbStorageGiB");
  const shared = tables > 1 ? `, shared by ${tables} tables` : "";
  return {
    reads: reads.value / tables,
    writes: writes.value / tables,
    storageGiB: storage.value / tables,
    source: `${reads.source}; ${writes.source}; ${storage.source}${shared}`,
  };
}

/** The event source mappings that read a table's stream (their `event_source_arn` refers to the table). */
export function streamMappings(ctx: Context, tableName: string): string[] {
  return ctx
    .of("aws_lambda_event_source_mapping")
    .filter(([, m]) => referencedName(m.event_source_arn, "aws_dynamodb_table") === tableName)
    .map(([name]) => name);
}

/** How the table is encrypted, in words: DynamoDB's own key, the AWS managed key, or a customer managed key (priced by the KMS rule). */
function encryption(table: TerraformResource): string {
  const sse = block(table.server_side_encryption);
  if (sse === undefined || literal(sse.enabled) !== "true") return "encrypted with a key DynamoDB owns (free)";
  const key = referencedName(sse.kms_key_arn, "aws_kms_key");
  if (key !== undefined) return `encrypted with the customer managed key aws_kms_key.${key} (priced on its own line)`;
  if (sse.kms_key_arn !== undefined) return "encrypted with a customer managed key outside this stack (not priced here)";
  return "encrypted with the AWS managed key aws/dynamodb (no monthly key charge)";
}

function tableLines(ctx: Context, name: string, table: TerraformResource): Line[] {
  const at = address("aws_dynamodb_table", name);
  const billing = stringOf(table.billing_mode) ?? "PROVISIONED";
  if (billing !== "PAY_PER_REQUEST") {
    return [ctx.notPriced(at, "aws_dynamodb_table", `DynamoDB table in ${billing} capacity mode: provisioned read and write capacity is not priced (on-demand, PAY_PER_REQUEST, is)`)];
  }
  const tableClass = stringOf(table.table_class) ?? "STANDARD";
  if (tableClass !== "STANDARD") return [ctx.notPriced(at, "aws_dynamodb_table", `DynamoDB table of class ${tableClass}: only the Standard table class is priced`)];
  const usage = tableUsage(ctx);
  const indexes = blocks(table.global_secondary_index).length;
  const pitr = literal(block(table.point_in_time_recovery)?.enabled) === "true";
  const ttl = literal(block(table.ttl)?.enabled) === "true";
  const components: Component[] = [
    { key: "dynamodb-million-read-request-units", quantity: usage.reads / 1e6, what: "million read request units" },
    { key: "dynamodb-million-write-request-units", quantity: (usage.writes * (1 + indexes)) / 1e6, what: `million write request units${indexes > 0 ? ` (each write also written to ${indexes} global secondary index${indexes === 1 ? "" : "es"})` : ""}` },
    { key: "dynamodb-standard-gb-month", quantity: usage.storageGiB, what: "GB-month" },
  ];
  if (pitr) components.push({ key: "dynamodb-pitr-gb-month", quantity: usage.storageGiB, what: "GB-month of point-in-time recovery" });
  const notes = [encryption(table), ...(ttl ? ["expired items deleted by TTL for free"] : [])];
  const lines = [
    ctx.line(
      at,
      "aws_dynamodb_table",
      `DynamoDB on demand, Standard class (${usage.source}), point-in-time recovery ${pitr ? "on" : "off"}; ${notes.join("; ")}; before the 25 GB of storage free a month, shared by the account's tables in the region`,
      components,
    ),
  ];
  if (literal(table.stream_enabled) === "true") {
    const view = stringOf(table.stream_view_type) ?? "?";
    const readers = streamMappings(ctx, name);
    lines.push(
      readers.length > 0
        ? ctx.free(
            at,
            "aws_dynamodb_table",
            `DynamoDB stream (${view}) read by ${readers.length === 1 ? "a Lambda trigger" : `${formatQuantity(readers.length)} Lambda triggers`} (${readers.map((r) => `aws_lambda_event_source_mapping.${r}`).join(", ")}): free (GetRecords calls by Lambda triggers are not charged; the invocations are priced on the function)`,
          )
        : ctx.free(at, "aws_dynamodb_table", `DynamoDB stream (${view}) with no Lambda trigger in this stack: free while nothing reads it (readers other than Lambda triggers pay for GetRecords calls past 2.5 million a month, not priced here)`),
    );
  }
  return lines;
}

export const TABLE_RULES: Readonly<Record<string, PriceRule>> = {
  aws_dynamodb_table: (ctx, name, table) => tableLines(ctx, name, table),
};
