import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { applyPolicyPack, errorsOf, evaluate, StackJson as PolicyStackJson } from "../../policies";
import {
  DynamoDbTable,
  DynamoDbTableProps,
  dynamoDbTablePropProblems,
  READ_DATA_ACTIONS,
  STREAM_ITERATOR_AGE_ALARM_MS,
  StreamConsumerOptions,
  WATCHED_OPERATIONS,
  WRITE_DATA_ACTIONS,
} from "../../modules/dynamodb-table";
import { LambdaFunction } from "../../modules/lambda-function";
import { DEFAULT_ALARM_THRESHOLDS, Monitoring } from "../../modules/monitoring";
import { PropsError } from "../../modules/shared/errors";
import { PropsCase, testRefusedProps } from "../support/refuses-props";
import { addressOf, countOf, onlyResource, parseJsonAttribute, refTo, resourceList, SynthesizedStack, synthJson, testStack } from "../support/synth";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const base: DynamoDbTableProps = {
  name: "acme-test",
  tableName: "messages",
  region: "eu-west-1",
  accountId: "123456789012",
  partitionKey: { name: "pk", type: "S" },
  sortKey: { name: "sk", type: "S" },
  deletionProtection: false,
};

function build(overrides: Partial<DynamoDbTableProps> = {}, stack: TerraformStack = testStack()): { stack: TerraformStack; table: DynamoDbTable } {
  const table = new DynamoDbTable(stack, "Messages", { ...base, ...overrides });
  return { stack, table };
}

function synthWith(overrides: Partial<DynamoDbTableProps> = {}): SynthesizedStack {
  return synthJson(build(overrides).stack);
}

/** A Lambda function to consume the stream (the Node.js fixture). */
function consumer(stack: TerraformStack, functionName = "summaries"): LambdaFunction {
  return new LambdaFunction(stack, functionName.charAt(0).toUpperCase() + functionName.slice(1), {
    name: "acme-test",
    functionName,
    region: "eu-west-1",
    accountId: "123456789012",
    code: { folder: "test/fixtures/lambda/node" },
    runtime: "nodejs22.x",
    handler: "dist/handler.main",
    logRetentionDays: 14,
  });
}

interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

function statementsOf(policy: { policy: string } | Record<string, unknown>): Statement[] {
  return parseJsonAttribute<{ Statement: Statement[] }>(policy.policy).Statement;
}

describe("DynamoDbTable README example", () => {
  test("a messages table with a stream, read and written by a function, its stream consumed by another", () => {
    const stack = testStack();
    const api = consumer(stack, "api");
    const summaries = consumer(stack);

    const table = new DynamoDbTable(stack, "Messages", {
      name: "acme-staging",
      tableName: "messages",
      region: "eu-west-1",
      accountId: "123456789012",
      partitionKey: { name: "pk", type: "S" },
      sortKey: { name: "sk", type: "S" },
      ttlAttribute: "expiresAt",
      stream: "NEW_IMAGE",
      deletionProtection: false,
    });
    table.grantReadWriteData(api);
    table.addStreamConsumer("Summaries", summaries, { filterPatterns: ['{"eventName":["INSERT"]}'] });

    const json = synthJson(stack);
    expect(onlyResource(json, "aws_dynamodb_table")).toMatchObject({ name: "acme-staging-messages", stream_enabled: true, stream_view_type: "NEW_IMAGE" });
    expect(countOf(json, "aws_lambda_event_source_mapping")).toBe(1);
  });
});

describe("DynamoDbTable defaults", () => {
  const json = synthWith();
  const table = onlyResource(json, "aws_dynamodb_table");

  test("named after the prefix and its role, billed per request, keys declared once each", () => {
    expect(table).toMatchObject({
      name: "acme-test-messages",
      billing_mode: "PAY_PER_REQUEST",
      hash_key: "pk",
      range_key: "sk",
      table_class: "STANDARD",
      attribute: [
        { name: "pk", type: "S" },
        { name: "sk", type: "S" },
      ],
      tags: { Name: "acme-test-messages" },
    });
    expect(table.read_capacity).toBeUndefined();
    expect(table.write_capacity).toBeUndefined();
  });

  test("point-in-time recovery on; encryption with the AWS owned key (no server_side_encryption block)", () => {
    expect(table.point_in_time_recovery).toEqual({ enabled: true });
    expect(table.server_side_encryption).toBeUndefined();
  });

  test("no stream, no TTL, no index; deletion protection and prevent_destroy off as given", () => {
    expect(table.stream_enabled).toBe(false);
    expect(table.stream_view_type).toBeUndefined();
    expect(table.ttl).toBeUndefined();
    expect(table.global_secondary_index).toBeUndefined();
    expect(table.deletion_protection_enabled).toBe(false);
    expect(table.lifecycle).toBeUndefined();
  });

  test("nothing but the table", () => {
    expect(Object.keys(json.resource ?? {})).toEqual(["aws_dynamodb_table"]);
  });
});

describe("DynamoDbTable behaviour", () => {
  test("a customer key: server_side_encryption names it", () => {
    expect(onlyResource(synthWith({ encryptionKeyArn: KEY }), "aws_dynamodb_table").server_side_encryption).toEqual({ enabled: true, kms_key_arn: KEY });
  });

  test("deletion protection brings prevent_destroy, which can be set apart", () => {
    expect(onlyResource(synthWith({ deletionProtection: true }), "aws_dynamodb_table")).toMatchObject({
      deletion_protection_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
    const unprevented = onlyResource(synthWith({ deletionProtection: true, preventDestroy: false }), "aws_dynamodb_table");
    expect(unprevented.deletion_protection_enabled).toBe(true);
    expect(unprevented.lifecycle).toBeUndefined();
    expect(onlyResource(synthWith({ preventDestroy: true }), "aws_dynamodb_table").lifecycle).toEqual({ prevent_destroy: true });
  });

  test("point-in-time recovery can be turned off", () => {
    expect(onlyResource(synthWith({ pointInTimeRecovery: false }), "aws_dynamodb_table").point_in_time_recovery).toEqual({ enabled: false });
  });

  test("TTL, the stream and the table class", () => {
    const table = onlyResource(synthWith({ ttlAttribute: "expiresAt", stream: "NEW_AND_OLD_IMAGES", tableClass: "STANDARD_INFREQUENT_ACCESS" }), "aws_dynamodb_table");
    expect(table).toMatchObject({
      ttl: { attribute_name: "expiresAt", enabled: true },
      stream_enabled: true,
      stream_view_type: "NEW_AND_OLD_IMAGES",
      table_class: "STANDARD_INFREQUENT_ACCESS",
    });
  });

  test("indexes: their keys join the attributes once, with their projections", () => {
    const table = onlyResource(
      synthWith({
        globalSecondaryIndexes: [
          { name: "by-author", partitionKey: { name: "author", type: "S" }, sortKey: { name: "sk", type: "S" } },
          { name: "by-score", partitionKey: { name: "author", type: "S" }, sortKey: { name: "score", type: "N" }, projection: "KEYS_ONLY" },
          { name: "by-room", partitionKey: { name: "room", type: "S" }, projection: { include: ["text", "author"] } },
        ],
      }),
      "aws_dynamodb_table",
    );
    expect(table.attribute).toEqual([
      { name: "pk", type: "S" },
      { name: "sk", type: "S" },
      { name: "author", type: "S" },
      { name: "score", type: "N" },
      { name: "room", type: "S" },
    ]);
    expect(table.global_secondary_index).toEqual([
      { name: "by-author", hash_key: "author", range_key: "sk", projection_type: "ALL" },
      { name: "by-score", hash_key: "author", range_key: "score", projection_type: "KEYS_ONLY" },
      { name: "by-room", hash_key: "room", projection_type: "INCLUDE", non_key_attributes: ["text", "author"] },
    ]);
  });

  test("the fields name the table, its ARN and (with a stream) the stream's ARN", () => {
    const { stack, table } = build({ stream: "NEW_IMAGE" });
    new TerraformOutput(stack, "TableArn", { value: table.tableArn });
    new TerraformOutput(stack, "StreamArn", { value: table.streamArn });
    new TerraformOutput(stack, "TableName", { value: table.tableName });
    const json = synthJson(stack);
    expect(json.output?.TableArn?.value).toBe(refTo(json, "aws_dynamodb_table", "Messages_Table", "arn"));
    expect(json.output?.StreamArn?.value).toBe(refTo(json, "aws_dynamodb_table", "Messages_Table", "stream_arn"));
    expect(json.output?.TableName?.value).toBe(refTo(json, "aws_dynamodb_table", "Messages_Table", "name"));
    expect(build().table.streamArn).toBeUndefined();
  });
});

describe("DynamoDbTable grants", () => {
  const tableArn = (json: SynthesizedStack) => refTo(json, "aws_dynamodb_table", "Messages_Table", "arn");

  test("grantReadData: the item reads on the table and its indexes, nothing else", () => {
    const stack = testStack();
    const { table } = build({}, stack);
    const fn = consumer(stack, "api");
    const policy = table.grantReadData(fn);
    const json = synthJson(stack);
    const synthesized = resourceList(json, "aws_iam_role_policy").find((p) => p.name === "dynamodb-messages-read")!;
    expect(synthesized.role).toBe(refTo(json, "aws_iam_role", "Api_Role", "id"));
    expect(`aws_iam_role_policy.${stack.getLogicalId(policy)}`).toBe(addressOf(json, "aws_iam_role_policy", "Api_GrantMessagesRead"));
    expect(statementsOf(synthesized)).toEqual([
      { Sid: "ReadItems", Effect: "Allow", Action: [...READ_DATA_ACTIONS], Resource: [tableArn(json), `${tableArn(json)}/index/*`] },
    ]);
    expect(READ_DATA_ACTIONS).toEqual(["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable"]);
  });

  test("grantReadWriteData adds the item writes; never a wildcard action or the stream", () => {
    const stack = testStack();
    const { table } = build({ stream: "NEW_IMAGE" }, stack);
    const fn = consumer(stack, "api");
    table.grantReadWriteData(fn);
    const json = synthJson(stack);
    const statements = statementsOf(resourceList(json, "aws_iam_role_policy").find((p) => p.name === "dynamodb-messages-read-write")!);
    expect(statements).toEqual([
      { Sid: "ReadWriteItems", Effect: "Allow", Action: [...READ_DATA_ACTIONS, ...WRITE_DATA_ACTIONS], Resource: [tableArn(json), `${tableArn(json)}/index/*`] },
    ]);
    expect(WRITE_DATA_ACTIONS).toEqual(["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"]);
    expect(JSON.stringify(statements)).not.toMatch(/dynamodb:\*|stream/);
  });

  test("with a customer key, the key through DynamoDB only: Decrypt to read, GenerateDataKey* too to write", () => {
    const stack = testStack();
    const { table } = build({ encryptionKeyArn: KEY }, stack);
    const reader = consumer(stack, "api");
    const writer = consumer(stack);
    table.grantReadData(reader);
    table.grantReadWriteData(writer);
    const json = synthJson(stack);
    const via = { StringEquals: { "kms:ViaService": "dynamodb.eu-west-1.amazonaws.com" } };
    expect(statementsOf(resourcesNamed(json, "dynamodb-messages-read"))[1]).toEqual({ Sid: "UseTableKey", Effect: "Allow", Action: "kms:Decrypt", Resource: KEY, Condition: via });
    expect(statementsOf(resourcesNamed(json, "dynamodb-messages-read-write"))[1]).toEqual({
      Sid: "UseTableKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: KEY,
      Condition: via,
    });
  });

  test("without a customer key, no KMS statement", () => {
    const stack = testStack();
    const { table } = build({}, stack);
    table.grantReadWriteData(consumer(stack, "api"));
    expect(String(resourcesNamed(synthJson(stack), "dynamodb-messages-read-write").policy)).not.toContain("kms:");
  });

  test("granting again returns the same policy", () => {
    const stack = testStack();
    const { table } = build({}, stack);
    const fn = consumer(stack, "api");
    expect(table.grantReadData(fn)).toBe(table.grantReadData(fn));
    table.grantReadWriteData(fn);
    expect(resourceList(synthJson(stack), "aws_iam_role_policy").filter((p) => String(p.name).startsWith("dynamodb-"))).toHaveLength(2);
  });
});

describe("DynamoDbTable stream consumers", () => {
  function withConsumer(options: StreamConsumerOptions = {}, props: Partial<DynamoDbTableProps> = {}) {
    const stack = testStack();
    const { table } = build({ stream: "NEW_IMAGE", ...props }, stack);
    const fn = consumer(stack);
    const mapping = table.addStreamConsumer("Summaries", fn, options);
    return { stack, table, fn, mapping, json: synthJson(stack) };
  }

  test("a mapping from the stream to the function's alias, bounded, bisecting, with partial batch responses and the function's failure queue", () => {
    const { json } = withConsumer();
    expect(onlyResource(json, "aws_lambda_event_source_mapping")).toMatchObject({
      event_source_arn: refTo(json, "aws_dynamodb_table", "Messages_Table", "stream_arn"),
      function_name: refTo(json, "aws_lambda_alias", "Summaries_Alias", "arn"),
      starting_position: "LATEST",
      batch_size: 100,
      maximum_retry_attempts: 3,
      maximum_record_age_in_seconds: 3600,
      bisect_batch_on_function_error: true,
      function_response_types: ["ReportBatchItemFailures"],
      parallelization_factor: 1,
      destination_config: { on_failure: { destination_arn: refTo(json, "aws_sqs_queue", "Summaries_FailureQueue", "arn") } },
    });
    const mapping = onlyResource(json, "aws_lambda_event_source_mapping");
    expect(mapping.maximum_batching_window_in_seconds).toBeUndefined();
    expect(mapping.filter_criteria).toBeUndefined();
  });

  test("the mapping waits for the role's stream policies (Lambda checks them when it is created)", () => {
    const { json } = withConsumer();
    expect(onlyResource(json, "aws_lambda_event_source_mapping").depends_on).toEqual([
      addressOf(json, "aws_iam_role_policy", "Messages_SummariesStreamPolicy"),
      addressOf(json, "aws_iam_role_policy", "Messages_SummariesListStreamsPolicy"),
    ]);
  });

  test("the function's role may read this stream, and list streams, nothing more; its own queue is not granted twice", () => {
    const { json } = withConsumer();
    const role = refTo(json, "aws_iam_role", "Summaries_Role", "id");
    const read = resourcesNamed(json, "dynamodb-messages-stream-summaries");
    expect(read.role).toBe(role);
    expect(statementsOf(read)).toEqual([
      {
        Sid: "ReadTableStream",
        Effect: "Allow",
        Action: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
        Resource: refTo(json, "aws_dynamodb_table", "Messages_Table", "stream_arn"),
      },
    ]);
    const list = resourcesNamed(json, "dynamodb-messages-stream-summaries-list");
    expect(list.role).toBe(role);
    expect(statementsOf(list)).toEqual([{ Sid: "ListStreams", Effect: "Allow", Action: "dynamodb:ListStreams", Resource: "*" }]);
    // The function's own policy already lets it send to its failure queue.
    const own = statementsOf(resourcesNamed(json, "run-function"));
    expect(own).toContainEqual(expect.objectContaining({ Action: "sqs:SendMessage", Resource: refTo(json, "aws_sqs_queue", "Summaries_FailureQueue", "arn") }));
  });

  test("options: batching, parallelization, filters and another failure queue (which the role is then allowed to send to)", () => {
    const queue = "arn:aws:sqs:eu-west-1:123456789012:acme-test-stream-failures";
    const { json } = withConsumer({
      batchSize: 10,
      maximumBatchingWindowSeconds: 5,
      maximumRetryAttempts: 0,
      maximumRecordAgeSeconds: 60,
      parallelizationFactor: 2,
      filterPatterns: ['{"eventName":["INSERT"]}'],
      failureQueueArn: queue,
    });
    expect(onlyResource(json, "aws_lambda_event_source_mapping")).toMatchObject({
      batch_size: 10,
      maximum_batching_window_in_seconds: 5,
      maximum_retry_attempts: 0,
      maximum_record_age_in_seconds: 60,
      parallelization_factor: 2,
      filter_criteria: { filter: [{ pattern: '{"eventName":["INSERT"]}' }] },
      destination_config: { on_failure: { destination_arn: queue } },
    });
    expect(statementsOf(resourcesNamed(json, "dynamodb-messages-stream-summaries"))).toContainEqual({ Sid: "SendFailedBatches", Effect: "Allow", Action: "sqs:SendMessage", Resource: queue });
  });

  test("with a customer key, the consumer may decrypt the stream through DynamoDB", () => {
    const { json } = withConsumer({}, { encryptionKeyArn: KEY });
    expect(statementsOf(resourcesNamed(json, "dynamodb-messages-stream-summaries"))).toContainEqual({
      Sid: "DecryptTableStream",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: KEY,
      Condition: { StringEquals: { "kms:ViaService": "dynamodb.eu-west-1.amazonaws.com" } },
    });
  });

  test("returns the mapping", () => {
    const { stack, mapping, json } = withConsumer();
    expect(`aws_lambda_event_source_mapping.${stack.getLogicalId(mapping)}`).toBe(addressOf(json, "aws_lambda_event_source_mapping", "Messages_SummariesStreamConsumer"));
  });

  test("a table without a stream refuses consumers, naming stream", () => {
    const stack = testStack();
    const { table } = build({}, stack);
    expect(() => table.addStreamConsumer("Summaries", consumer(stack))).toThrow(PropsError);
    expect(() => table.addStreamConsumer("Summaries", consumer(stack, "other"))).toThrow(/stream is needed by addStreamConsumer\("Summaries", \.\.\.\): the table has no stream/);
  });

  test.each<[string, string, StreamConsumerOptions, RegExp]>([
    ["a batch of 0", "Summaries", { batchSize: 0 }, /addStreamConsumer\("Summaries"\)\.batchSize must be a whole number of records from 1 to 10000; got 0/],
    ["a batch over 10000", "Summaries", { batchSize: 10001 }, /batchSize must be a whole number of records from 1 to 10000/],
    ["a batching window over 300 s", "Summaries", { maximumBatchingWindowSeconds: 301 }, /maximumBatchingWindowSeconds must be a whole number of seconds from 0 to 300/],
    ["unbounded retries", "Summaries", { maximumRetryAttempts: -1 }, /maximumRetryAttempts must be a whole number from 0 to 10000 \(bounded/],
    ["unbounded record age", "Summaries", { maximumRecordAgeSeconds: -1 }, /maximumRecordAgeSeconds must be a whole number of seconds from 60 to 604800 \(-1, unbounded, is refused/],
    ["a record age under a minute", "Summaries", { maximumRecordAgeSeconds: 30 }, /maximumRecordAgeSeconds must be a whole number of seconds from 60/],
    ["a parallelization factor over 10", "Summaries", { parallelizationFactor: 11 }, /parallelizationFactor must be a whole number from 1 to 10/],
    ["a filter that is not JSON", "Summaries", { filterPatterns: ["{eventName: INSERT}"] }, /filterPatterns\[0\] must be a JSON object as a string/],
    ["a filter that is a JSON list", "Summaries", { filterPatterns: ['["INSERT"]'] }, /filterPatterns\[0\] must be a JSON object/],
    ["six filters", "Summaries", { filterPatterns: Array.from({ length: 6 }, () => "{}") }, /filterPatterns must hold at most 5 patterns/],
    ["a failure queue that is not an SQS ARN", "Summaries", { failureQueueArn: "arn:aws:sns:eu-west-1:123456789012:alerts" }, /failureQueueArn must be an SQS queue ARN/],
    ["an id that is not PascalCase", "summaries", {}, /addStreamConsumer id must be 1 to 40 PascalCase letters and digits/],
  ])("addStreamConsumer fails on %s", (_label, id, options, message) => {
    const stack = testStack();
    const { table } = build({ stream: "NEW_IMAGE" }, stack);
    let thrown: unknown;
    try {
      table.addStreamConsumer(id, consumer(stack), options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PropsError);
    expect((thrown as Error).message).toMatch(message);
  });

  test("every problem of the options at once", () => {
    const stack = testStack();
    const { table } = build({}, stack);
    expect(() => table.addStreamConsumer("Summaries", consumer(stack), { batchSize: 0, parallelizationFactor: 0 })).toThrow(/3 invalid props:[\s\S]*stream[\s\S]*batchSize[\s\S]*parallelizationFactor/);
  });
});

function resourcesNamed(json: SynthesizedStack, policyName: string): Record<string, unknown> {
  const found = resourceList(json, "aws_iam_role_policy").filter((p) => p.name === policyName);
  if (found.length !== 1) throw new Error(`expected one aws_iam_role_policy named ${policyName}, found ${found.length}`);
  return found[0]!;
}

describe("DynamoDbTable monitoring spec", () => {
  test("read and write throttles, system errors per item operation, and each consumer's iterator age", () => {
    const stack = testStack();
    const { table } = build({ stream: "NEW_IMAGE" }, stack);
    const fn = consumer(stack);
    table.addStreamConsumer("Summaries", fn);
    const spec = table.monitoringSpec(DEFAULT_ALARM_THRESHOLDS);
    expect(spec.title).toBe("Table (Messages)");
    expect(spec.alarms.map((a) => [a.id, a.name, a.namespace, a.metricName, a.statistic, a.periodSeconds, a.evaluationPeriods, a.threshold, a.comparison])).toEqual([
      ["MessagesReadThrottles", "messages-read-throttles", "AWS/DynamoDB", "ReadThrottleEvents", "Sum", 300, 1, 0, "GreaterThanThreshold"],
      ["MessagesWriteThrottles", "messages-write-throttles", "AWS/DynamoDB", "WriteThrottleEvents", "Sum", 300, 1, 0, "GreaterThanThreshold"],
      ...WATCHED_OPERATIONS.map((op) => [`MessagesSystemErrors${op}`, expect.stringMatching(/^messages-system-errors-[a-z-]+$/), "AWS/DynamoDB", "SystemErrors", "Sum", 300, 1, 0, "GreaterThanThreshold"]),
      ["MessagesSummariesIteratorAge", "messages-summaries-iterator-age", "AWS/Lambda", "IteratorAge", "Maximum", 60, 5, STREAM_ITERATOR_AGE_ALARM_MS, "GreaterThanThreshold"],
    ]);
    expect(STREAM_ITERATOR_AGE_ALARM_MS).toBe(60000);
    expect(spec.alarms[0]!.dimensions).toEqual({ TableName: table.tableName });
    expect(spec.alarms.find((a) => a.id === "MessagesSystemErrorsPutItem")!.dimensions).toEqual({ TableName: table.tableName, Operation: "PutItem" });
    expect(spec.alarms.at(-1)!.dimensions).toEqual({ FunctionName: fn.functionName });
    expect(spec.alarms.every((a) => a.treatMissingData === "notBreaching")).toBe(true);
    expect(spec.graphs.map((g) => [g.title, g.metrics.map((m) => `${m[1] as string}:${(m.at(-1) as { stat: string }).stat}`)])).toEqual([
      ["Consumed capacity (units)", ["ConsumedReadCapacityUnits:Sum", "ConsumedWriteCapacityUnits:Sum"]],
      ["Throttled events", ["ReadThrottleEvents:Sum", "WriteThrottleEvents:Sum"]],
      ["Stream iterator age (ms)", ["IteratorAge:Maximum"]],
    ]);
  });

  test("without consumers, no iterator age alarm or graph; Monitoring creates the alarms with the prefix", () => {
    const stack = testStack();
    const { table } = build({}, stack);
    const spec = table.monitoringSpec(DEFAULT_ALARM_THRESHOLDS);
    expect(spec.alarms.some((a) => a.metricName === "IteratorAge")).toBe(false);
    expect(spec.graphs).toHaveLength(2);
    const monitoring = new Monitoring(stack, "Monitoring", { name: "acme-test", region: "eu-west-1", accountId: "123456789012" });
    expect(monitoring.watch(table)).toHaveLength(2 + WATCHED_OPERATIONS.length);
    const names = resourceList(synthJson(stack), "aws_cloudwatch_metric_alarm").map((a) => a.alarm_name);
    expect(names).toContain("acme-test-messages-write-throttles");
    expect(names).toContain("acme-test-messages-system-errors-batch-write-item");
  });
});

describe("DynamoDbTable validation", () => {
  const index = (name: string, partition = "author") => ({ name, partitionKey: { name: partition, type: "S" as const } });
  const cases: PropsCase<DynamoDbTableProps>[] = [
    ["a bad name prefix", { name: "Acme_Test" }, /name must be 2 to 32 lowercase letters/],
    ["a table role with a space", { tableName: "my messages" }, /tableName must be 1 to 64 letters, digits, "_", "\." and "-"/],
    ["a table role over 64 characters", { tableName: "m".repeat(65) }, /tableName must be 1 to 64/],
    ["an unknown region", { region: "eu-west-9" }, /region /],
    ["a bad account id", { accountId: "12345" }, /accountId must be a 12-digit AWS account id/],
    ["a key type that is not scalar", { partitionKey: { name: "pk", type: "L" as never } }, /partitionKey\.type must be one of "S", "N", "B"/],
    ["an empty key name", { partitionKey: { name: "", type: "S" } }, /partitionKey\.name must be an attribute name of 1 to 255 characters/],
    ["a sort key equal to the partition key", { sortKey: { name: "pk", type: "S" } }, /sortKey\.name must differ from partitionKey\.name/],
    [
      "an attribute with two types",
      { globalSecondaryIndexes: [{ name: "by-sk", partitionKey: { name: "sk", type: "N" } }] },
      /globalSecondaryIndexes\[0\]\.partitionKey\.type must be "S", the type sortKey gives the attribute "sk"/,
    ],
    ["21 indexes", { globalSecondaryIndexes: Array.from({ length: 21 }, (_, i) => index(`index-${i}`)) }, /globalSecondaryIndexes must hold at most 20 indexes/],
    ["two indexes with one name", { globalSecondaryIndexes: [index("by-author"), index("by-author", "room")] }, /globalSecondaryIndexes\[1\]\.name must be unique among the table's indexes/],
    ["an index name too short", { globalSecondaryIndexes: [index("by")] }, /globalSecondaryIndexes\[0\]\.name must be 3 to 255 letters/],
    [
      "an index sort key equal to its partition key",
      { globalSecondaryIndexes: [{ ...index("by-author"), sortKey: { name: "author", type: "S" } }] },
      /globalSecondaryIndexes\[0\]\.sortKey\.name must differ/,
    ],
    ["an empty include projection", { globalSecondaryIndexes: [{ ...index("by-author"), projection: { include: [] } }] }, /projection\.include must name at least one attribute/],
    ["an include projection naming an attribute twice", { globalSecondaryIndexes: [{ ...index("by-author"), projection: { include: ["a", "a"] } }] }, /projection\.include must not name an attribute twice/],
    ["an unknown projection", { globalSecondaryIndexes: [{ ...index("by-author"), projection: "SOME" as never }] }, /projection must be "ALL", "KEYS_ONLY" or \{ include/],
    [
      "more than 100 projected attributes",
      {
        globalSecondaryIndexes: [
          { ...index("by-author"), projection: { include: Array.from({ length: 60 }, (_, i) => `a${i}`) } },
          { ...index("by-room", "room"), projection: { include: Array.from({ length: 41 }, (_, i) => `b${i}`) } },
        ],
      },
      /globalSecondaryIndexes must project at most 100 non-key attributes in all/,
    ],
    ["a TTL attribute that is the sort key", { ttlAttribute: "sk" }, /ttlAttribute must not be a key attribute \(it is sortKey\)/],
    ["a TTL attribute that is an index key", { ttlAttribute: "author", globalSecondaryIndexes: [index("by-author")] }, /ttlAttribute must not be a key attribute \(it is globalSecondaryIndexes\[0\]\.partitionKey\)/],
    ["an alias instead of a key ARN", { encryptionKeyArn: "arn:aws:kms:eu-west-1:123456789012:alias/messages" }, /encryptionKeyArn must be a KMS key ARN/],
    ["a key of another region", { encryptionKeyArn: KEY.replace("eu-west-1", "us-east-1") }, /encryptionKeyArn must be a key in the table's region eu-west-1/],
    ["an unknown stream view", { stream: "NEW" as never }, /stream must be one of "NEW_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY", "OLD_IMAGE"/],
    ["an unknown table class", { tableClass: "GLACIER" as never }, /tableClass must be one of "STANDARD", "STANDARD_INFREQUENT_ACCESS"/],
    ["deletion protection not given", { deletionProtection: undefined as never }, /deletionProtection must be true or false/],
  ];
  testRefusedProps(cases, { build: (overrides) => build(overrides), check: (overrides) => dynamoDbTablePropProblems({ ...base, ...overrides }) });

  test("every problem at once", () => {
    expect(() => build({ name: "Bad", accountId: "1", ttlAttribute: "pk" })).toThrow(/3 invalid props/);
  });

  test("valid props have no problems; unresolved tokens are not checked", () => {
    expect(dynamoDbTablePropProblems(base)).toEqual([]);
    const stack = testStack();
    const { table: other } = build({ tableName: "keys", stream: "NEW_IMAGE" }, stack);
    expect(dynamoDbTablePropProblems({ ...base, encryptionKeyArn: other.tableArn, accountId: other.tableName })).toEqual([]);
  });
});

describe("DynamoDbTable and the policy pack", () => {
  const errorsIn = (stack: TerraformStack, isProtected: boolean) => errorsOf(evaluate(stack.toTerraform() as PolicyStackJson, { protected: isProtected }));

  test("a table with a stream, a grant and a consumer passes with no errors; the ListStreams policy's exception is the only one", () => {
    const stack = testStack();
    const { table } = build({ stream: "NEW_IMAGE", ttlAttribute: "expiresAt", encryptionKeyArn: KEY }, stack);
    table.grantReadWriteData(consumer(stack, "api"));
    table.addStreamConsumer("Summaries", consumer(stack));
    expect(errorsIn(stack, false)).toEqual([]);
    const report = evaluate(stack.toTerraform() as PolicyStackJson, { protected: false });
    const suppressed = report.results.filter((r) => r.status === "suppressed").map((r) => [r.rule.id, r.subject.path]);
    expect(suppressed).toEqual([["iam-no-wildcard-resource", expect.stringMatching(/Messages\/SummariesListStreamsPolicy$/)]]);
    applyPolicyPack(stack, { protected: false, onWarning: () => undefined });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test("in a protected environment, with deletion protection (and so prevent_destroy)", () => {
    expect(errorsIn(build({ deletionProtection: true }).stack, true)).toEqual([]);
    expect(errorsIn(build({ deletionProtection: false }).stack, true).length).toBeGreaterThan(0);
  });
});
