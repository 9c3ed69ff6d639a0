import type { Grantee } from "../shared/grants";

/** A key attribute's scalar type: `S` string, `N` number, `B` binary. */
export type AttributeType = "S" | "N" | "B";

/** A key attribute: its name and its scalar type. */
export interface KeyAttribute {
  /** The attribute's name, 1 to 255 characters. */
  readonly name: string;
  readonly type: AttributeType;
}

/**
 * Which attributes a global secondary index copies from the table:
 * - `ALL`: every attribute (the index's storage and write cost grow with the item);
 * - `KEYS_ONLY`: the table's and the index's keys only (cheapest);
 * - `{ include: [...] }`: the keys and the named attributes (at most 100 across all indexes).
 */
export type IndexProjection = "ALL" | "KEYS_ONLY" | { readonly include: readonly string[] };

export interface GlobalSecondaryIndex {
  /** The index's name: 3 to 255 letters, digits, `_`, `.` and `-`, unique within the table. */
  readonly name: string;
  readonly partitionKey: KeyAttribute;
  /**
   * The index's sort key.
   * @default - none: the index is keyed by its partition key alone
   */
  readonly sortKey?: KeyAttribute;
  /**
   * The attributes the index holds besides the keys.
   * @default "ALL"
   */
  readonly projection?: IndexProjection;
}

/**
 * What the table's stream records of each change:
 * - `KEYS_ONLY`: the key attributes of the changed item;
 * - `NEW_IMAGE`: the item as it is after the change;
 * - `OLD_IMAGE`: the item as it was before;
 * - `NEW_AND_OLD_IMAGES`: both.
 */
export type StreamViewType = "NEW_IMAGE" | "NEW_AND_OLD_IMAGES" | "KEYS_ONLY" | "OLD_IMAGE";

/**
 * The storage class: `STANDARD`, or `STANDARD_INFREQUENT_ACCESS` (storage about 60% cheaper,
 * reads and writes about 25% dearer: for tables whose storage costs more than their traffic).
 */
export type TableClass = "STANDARD" | "STANDARD_INFREQUENT_ACCESS";

export interface DynamoDbTableProps {
  /** Prefix of every resource name, `${project}-${environment}` (e.g. `acme-staging`). */
  readonly name: string;

  /**
   * The table's role in the system (`messages`, `sessions`): 1 to 64 letters, digits, `_`, `.` and
   * `-`. The table is named `${name}-${tableName}`; the grants' policy names carry it too.
   */
  readonly tableName: string;

  /** The AWS region (the ARNs, the KMS key's region, the `kms:ViaService` condition). */
  readonly region: string;

  /** The AWS account (12 digits): the ARNs the grants name. */
  readonly accountId: string;

  /** The table's partition (hash) key. Changing it replaces the table, and every item with it. */
  readonly partitionKey: KeyAttribute;

  /**
   * The table's sort (range) key. Changing it replaces the table.
   * @default - none: items are found by their partition key alone
   */
  readonly sortKey?: KeyAttribute;

  /**
   * Global secondary indexes, at most 20 (DynamoDB's default quota), names unique. Every key
   * attribute is declared once, with one type, from the table's and the indexes' keys: an
   * attribute used as a key with two types is refused.
   * @default [] - none
   */
  readonly globalSecondaryIndexes?: readonly GlobalSecondaryIndex[];

  /**
   * The attribute holding each item's expiry time, in seconds since the epoch (a Number): DynamoDB
   * deletes expired items within a few days, free of write charges. Not a key attribute.
   * @default - no TTL: items stay until deleted
   */
  readonly ttlAttribute?: string;

  /**
   * A customer managed KMS key (`arn:aws:kms:<region>:<account>:key/<id>`, in `region`) to
   * encrypt the table, its indexes, stream and backups with. Encryption at rest is always on:
   * without this prop DynamoDB uses a key AWS owns, which is free and needs no permissions. A
   * customer key costs $1 a month plus $0.03 per 10,000 requests DynamoDB makes to KMS (it caches
   * data keys, so far fewer than one per item request), and the grants then add `kms:Decrypt`
   * (and `kms:GenerateDataKey*` for writers) through DynamoDB only. Its key policy must let
   * DynamoDB and the granted roles use it.
   * @default - the AWS owned key (free)
   */
  readonly encryptionKeyArn?: string;

  /**
   * Point-in-time recovery: restore the table, into a new table, to any second of the last 35
   * days. Billed per GB-month of the table's size (about $0.20 in us-east-1). The policy pack
   * (`dynamodb-pitr`) refuses a table without it, in every environment.
   * @default true
   */
  readonly pointInTimeRecovery?: boolean;

  /**
   * DynamoDB refuses to delete the table while this is on. Required: the environment passes its
   * `protected` flag.
   */
  readonly deletionProtection: boolean;

  /**
   * Terraform `prevent_destroy`: any plan that would delete or replace the table fails (a key
   * schema change replaces it).
   * @default - the value of `deletionProtection`
   */
  readonly preventDestroy?: boolean;

  /**
   * Turns the table's stream on, recording each change for 24 hours; consumers are added with
   * `addStreamConsumer`. Reading the stream through Lambda is free.
   * @default - no stream
   */
  readonly stream?: StreamViewType;

  /**
   * The storage class.
   * @default "STANDARD"
   */
  readonly tableClass?: TableClass;
}

/**
 * A Lambda function that consumes the stream, as `addStreamConsumer` takes it. `LambdaFunction`
 * fits: the mapping invokes its alias, failed batches go to its failure queue, which its role may
 * already send to.
 */
export interface StreamConsumer extends Grantee {
  /** The function's name (the `FunctionName` dimension of its metrics). */
  readonly functionName: string;
  /** The alias the event source mapping invokes: `<function ARN>:<alias>`. */
  readonly aliasArn: string;
  /** The SQS queue the function's role may already send to: failed batches go there by default. */
  readonly failureQueueArn: string;
}

/** How Lambda reads the stream for one consumer. Every number is checked against Lambda's limits. */
export interface StreamConsumerOptions {
  /**
   * Records per batch, 1 to 10000.
   * @default 100
   */
  readonly batchSize?: number;

  /**
   * Seconds Lambda gathers records before invoking, 0 to 300 (a bigger batch, more delay).
   * @default 0 - invoke as soon as records arrive
   */
  readonly maximumBatchingWindowSeconds?: number;

  /**
   * Retries of a failed batch, 0 to 10000, before its records go to the failure queue. With
   * bisection a failing batch is split, so the records that do not fail are not held back for long.
   * @default 3
   */
  readonly maximumRetryAttempts?: number;

  /**
   * The oldest record Lambda still sends to the function, in seconds, 60 to 604800 (7 days).
   * Older ones go to the failure queue. -1 (unbounded) is refused: one poisoned record would
   * then block its shard until the stream's 24-hour retention drops it, unreported.
   * @default 3600
   */
  readonly maximumRecordAgeSeconds?: number;

  /**
   * Batches processed at once per shard, 1 to 10 (order is kept per partition key only above 1).
   * @default 1
   */
  readonly parallelizationFactor?: number;

  /**
   * Event filter patterns, as JSON strings (e.g. `{"eventName":["INSERT"]}`), at most 5: Lambda
   * invokes the function only for records that match one. Filtered-out records are not billed
   * as invocations.
   * @default [] - every record
   */
  readonly filterPatterns?: readonly string[];

  /**
   * The SQS queue that receives a record of each batch that failed every retry or expired. The
   * consumer's role is allowed to send to it.
   * @default - the consumer's own `failureQueueArn`
   */
  readonly failureQueueArn?: string;
}
