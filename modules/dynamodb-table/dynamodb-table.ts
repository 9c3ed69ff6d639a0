import { DynamodbTable, DynamodbTableGlobalSecondaryIndex } from "@cdktf/provider-aws/lib/dynamodb-table";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { Construct } from "constructs";
import { suppress } from "../../policies/suppressions";
import type { Grantee } from "../shared/grants";
import type { AlarmThresholds, Monitorable, MonitoringSpec } from "../shared/monitorable";
import { kebabCase } from "../shared/monitorable";
import { inlinePolicy } from "../_internal/iam";
import { tableMonitoringSpec } from "./monitoring";
import type { DynamoDbTableProps, StreamConsumer, StreamConsumerOptions, StreamViewType } from "./props";
import { dataStatements, listStreamsStatement, streamReadStatements } from "./stream";
import { validate, validateConsumer } from "./validate";

/**
 * A DynamoDB table billed per request (on demand), encrypted at rest (an AWS owned key, or a
 * customer managed one), with point-in-time recovery, deletion protection and `prevent_destroy`
 * by flag, optional TTL and global secondary indexes, and an optional stream read by Lambda
 * functions through event source mappings that retry boundedly, bisect failing batches, report
 * partial failures and send what still fails to an SQS queue. Grants give a role item access to
 * this table and its indexes only. A {@link Monitorable}.
 *
 * Billing is always `PAY_PER_REQUEST`: a small product's traffic is low and uneven, and on
 * demand costs nothing while idle, never throttles under twice its previous peak, and needs no
 * capacity planning or autoscaling. Provisioned capacity pays off only for steady, high traffic.
 */
export class DynamoDbTable extends Construct implements Monitorable {
  /** The table resource. */
  readonly table: DynamodbTable;
  /** The table's name, `${name}-${tableName}`. */
  readonly tableName: string;
  readonly tableArn: string;
  /** The stream's ARN (only with `stream`). */
  readonly streamArn?: string;
  /** The stream's view type (undefined without a stream). */
  readonly streamViewType: StreamViewType | undefined;
  /** The customer managed key (undefined: the AWS owned key). */
  readonly encryptionKeyArn: string | undefined;
  /** The stream consumers' function names, by the id given to `addStreamConsumer` (the monitoring reads them). */
  readonly streamConsumerFunctions: ReadonlyMap<string, string>;
  private readonly consumers = new Map<string, string>();
  /** The grants made, by grantee path and kind: granting again returns the same policy. */
  private readonly grants = new Map<string, IamRolePolicy>();
  private readonly region: string;
  /** The table's role, `tableName` as given: the policy names carry it. */
  private readonly role: string;

  constructor(scope: Construct, id: string, props: DynamoDbTableProps) {
    super(scope, id);
    const s = validate(this, props);
    this.region = props.region;
    this.role = props.tableName;
    this.encryptionKeyArn = props.encryptionKeyArn;
    this.streamViewType = props.stream;
    this.streamConsumerFunctions = this.consumers;

    const indexes: DynamodbTableGlobalSecondaryIndex[] = (props.globalSecondaryIndexes ?? []).map((index) => {
      const projection = index.projection ?? "ALL";
      return {
        name: index.name,
        hashKey: index.partitionKey.name,
        rangeKey: index.sortKey?.name,
        projectionType: typeof projection === "object" ? "INCLUDE" : projection,
        nonKeyAttributes: typeof projection === "object" ? [...projection.include] : undefined,
      };
    });

    this.table = new DynamodbTable(this, "Table", {
      name: s.fullName,
      billingMode: "PAY_PER_REQUEST",
      hashKey: props.partitionKey.name,
      rangeKey: props.sortKey?.name,
      attribute: s.attributes.map((a) => ({ name: a.name, type: a.type })),
      globalSecondaryIndex: indexes.length > 0 ? indexes : undefined,
      tableClass: s.tableClass,
      deletionProtectionEnabled: props.deletionProtection,
      pointInTimeRecovery: { enabled: s.pointInTimeRecovery },
      // Without a customer key the block is left out: DynamoDB then encrypts with a key AWS owns
      // (free; shown as "Owned by Amazon DynamoDB"). `enabled = true` without `kms_key_arn` would
      // not mean that: the provider documents it as the AWS *managed* key `alias/aws/dynamodb`,
      // which bills KMS requests; `enabled = false` is the owned key again.
      serverSideEncryption: props.encryptionKeyArn === undefined ? undefined : { enabled: true, kmsKeyArn: props.encryptionKeyArn },
      ttl: props.ttlAttribute === undefined ? undefined : { attributeName: props.ttlAttribute, enabled: true },
      streamEnabled: props.stream !== undefined,
      streamViewType: props.stream,
      lifecycle: s.preventDestroy ? { preventDestroy: true } : undefined,
      tags: { Name: s.fullName },
    });
    this.tableName = this.table.name;
    this.tableArn = this.table.arn;
    if (props.stream !== undefined) this.streamArn = this.table.streamArn;
  }

  /**
   * Lets a grantee's role read items: GetItem, BatchGetItem, Query, Scan, ConditionCheckItem and
   * DescribeTable, on the table and its indexes (and `kms:Decrypt` of the customer key, through
   * DynamoDB). Never the stream, never another table. The inline policy goes on the grantee
   * (`<grantee>/Grant<table id>Read`); granting again returns the same policy.
   */
  grantReadData(grantee: Grantee): IamRolePolicy {
    return this.grantData(grantee, false);
  }

  /** {@link grantReadData}, and PutItem, UpdateItem, DeleteItem and BatchWriteItem (and `kms:GenerateDataKey*`). */
  grantReadWriteData(grantee: Grantee): IamRolePolicy {
    return this.grantData(grantee, true);
  }

  private grantData(grantee: Grantee, write: boolean): IamRolePolicy {
    const key = `${grantee.node.path}:${write ? "read-write" : "read"}`;
    const earlier = this.grants.get(key);
    if (earlier !== undefined) return earlier;
    const policy = inlinePolicy(
      grantee,
      `Grant${this.node.id}${write ? "ReadWrite" : "Read"}`,
      grantee.grantRole,
      `dynamodb-${this.role}-${write ? "read-write" : "read"}`,
      dataStatements({ tableArn: this.tableArn, write, encryptionKeyArn: this.encryptionKeyArn, region: this.region }),
    );
    this.grants.set(key, policy);
    return policy;
  }

  /**
   * Has a Lambda function process the stream: an event source mapping from the stream to the
   * function's alias, from the latest record, with bounded retries and record age, failing
   * batches bisected, partial batch responses (`ReportBatchItemFailures`: the handler returns the
   * sequence number of the first record that failed), and records that still fail sent to an SQS
   * queue (the function's own failure queue unless `options.failureQueueArn`). The function's role
   * may read this table's stream and no other. Only with `stream`. Returns the mapping.
   */
  addStreamConsumer(id: string, fn: StreamConsumer, options: StreamConsumerOptions = {}): LambdaEventSourceMapping {
    const c = validateConsumer(this, id, this.streamArn !== undefined, options);
    const failureQueueArn = options.failureQueueArn ?? fn.failureQueueArn;
    const streamArn = this.streamArn!;
    const policyName = `dynamodb-${this.role}-stream-${kebabCase(id)}`;
    const readPolicy = inlinePolicy(
      this,
      `${id}StreamPolicy`,
      fn.grantRole,
      policyName,
      streamReadStatements({
        streamArn,
        failureQueueArn: options.failureQueueArn,
        encryptionKeyArn: this.encryptionKeyArn,
        region: this.region,
      }),
    );
    // A policy of its own, so the policy-pack suppression covers this statement and no other.
    const listPolicy = inlinePolicy(this, `${id}ListStreamsPolicy`, fn.grantRole, `${policyName}-list`, [listStreamsStatement()]);
    suppress(listPolicy, [
      {
        id: "iam-no-wildcard-resource",
        reason:
          "dynamodb:ListStreams has no resource type in the Service Authorization Reference, so it is authorized on Resource * only; it returns stream ARNs, no data, and Lambda's documented stream permissions include it.",
      },
    ]);
    this.consumers.set(id, fn.functionName);
    return new LambdaEventSourceMapping(this, `${id}StreamConsumer`, {
      eventSourceArn: streamArn,
      functionName: fn.aliasArn,
      startingPosition: "LATEST",
      batchSize: c.batchSize,
      maximumBatchingWindowInSeconds: c.maximumBatchingWindowSeconds,
      maximumRetryAttempts: c.maximumRetryAttempts,
      maximumRecordAgeInSeconds: c.maximumRecordAgeSeconds,
      bisectBatchOnFunctionError: true,
      functionResponseTypes: ["ReportBatchItemFailures"],
      parallelizationFactor: c.parallelizationFactor,
      filterCriteria: c.filterPatterns.length > 0 ? { filter: c.filterPatterns.map((pattern) => ({ pattern })) } : undefined,
      destinationConfig: { onFailure: { destinationArn: failureQueueArn } },
      // Lambda checks the role may read the stream (and send to the queue) when the mapping is created.
      dependsOn: [readPolicy, listPolicy],
    });
  }

  /**
   * The table's alarms (read and write throttles, system errors per item operation, each stream
   * consumer's iterator age) and its dashboard row.
   */
  monitoringSpec(thresholds: AlarmThresholds): MonitoringSpec {
    return tableMonitoringSpec(this, thresholds);
  }
}
