/**
 * A DynamoDB table's grants and stream consumers, evaluated as AWS would (policy simulator): a
 * consumer reads this table's stream and no other, and none of the items; a reader reads items of
 * the table and its indexes, a writer writes them too, and neither administers the table, reads
 * the stream or touches another table.
 */
import { TerraformStack } from "cdktf";
import { DynamoDbTable, DynamoDbTableProps } from "../../modules/dynamodb-table";
import { LambdaFunction } from "../../modules/lambda-function";
import { IamModel, StackJson } from "../support/iam-simulator";
import { resourcesOf, SynthesizedStack, synthJson, testStack } from "../support/synth";

const account = "123456789012";
const region = "eu-west-1";
const KEY = `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const STREAM_LABEL = "2026-12-02T10:00:00.000";

const tableArn = (name: string) => `arn:aws:dynamodb:${region}:${account}:table/${name}`;
const streamArn = (name: string) => `${tableArn(name)}/stream/${STREAM_LABEL}`;
const messages = tableArn("acme-test-messages");
const other = tableArn("acme-test-other");

/**
 * The stack's JSON with the tables' and queues' ARN references replaced by the ARNs AWS gives them:
 * the simulator's resolver derives neither yet.
 */
function withArns(json: SynthesizedStack): StackJson {
  let text = JSON.stringify(json);
  for (const [address, table] of Object.entries(resourcesOf(json, "aws_dynamodb_table"))) {
    const name = String(table.name);
    text = text.split(`\${aws_dynamodb_table.${address}.stream_arn}`).join(streamArn(name));
    text = text.split(`\${aws_dynamodb_table.${address}.arn}`).join(tableArn(name));
  }
  for (const [address, queue] of Object.entries(resourcesOf(json, "aws_sqs_queue"))) {
    text = text.split(`\${aws_sqs_queue.${address}.arn}`).join(`arn:aws:sqs:${region}:${account}:${String(queue.name)}`);
  }
  return JSON.parse(text) as StackJson;
}

function fn(stack: TerraformStack, id: string, functionName: string): LambdaFunction {
  return new LambdaFunction(stack, id, {
    name: "acme-test",
    functionName,
    region,
    accountId: account,
    code: { folder: "test/fixtures/lambda/node" },
    runtime: "nodejs22.x",
    handler: "dist/handler.main",
    logRetentionDays: 14,
  });
}

/** A messages table with a stream (and another table with one), a reader, a writer and a stream consumer. */
function model(props: Partial<DynamoDbTableProps> = {}): IamModel {
  const stack = testStack(region, account);
  const base = { name: "acme-test", region, accountId: account, partitionKey: { name: "pk", type: "S" as const }, deletionProtection: false, stream: "NEW_IMAGE" as const };
  const table = new DynamoDbTable(stack, "Messages", {
    ...base,
    tableName: "messages",
    sortKey: { name: "sk", type: "S" },
    globalSecondaryIndexes: [{ name: "by-author", partitionKey: { name: "author", type: "S" } }],
    ...props,
  });
  const otherTable = new DynamoDbTable(stack, "Other", { ...base, tableName: "other" });
  table.grantReadData(fn(stack, "Reader", "reader"));
  table.grantReadWriteData(fn(stack, "Writer", "writer"));
  table.addStreamConsumer("Summaries", fn(stack, "Summaries", "summaries"));
  otherTable.addStreamConsumer("Audit", fn(stack, "Audit", "audit"));
  return new IamModel(withArns(synthJson(stack)));
}

describe("DynamoDbTable stream consumer's role, evaluated", () => {
  const iam = model();
  const consumer = iam.role("acme-test-summaries");

  test("reads this table's stream", async () => {
    for (const action of ["dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords"]) {
      expect({ action, decision: await consumer.decide({ action, resource: streamArn("acme-test-messages") }) }).toEqual({ action, decision: "Allowed" });
    }
    expect(await consumer.decide({ action: "dynamodb:ListStreams", resource: "*" })).toBe("Allowed");
  });

  test("not another table's stream, nor this table's items", async () => {
    expect(await consumer.decide({ action: "dynamodb:GetRecords", resource: streamArn("acme-test-other") })).toBe("ImplicitlyDenied");
    expect(await consumer.decide({ action: "dynamodb:GetShardIterator", resource: streamArn("acme-test-other") })).toBe("ImplicitlyDenied");
    expect(await consumer.decide({ action: "dynamodb:GetItem", resource: messages })).toBe("ImplicitlyDenied");
    expect(await consumer.decide({ action: "dynamodb:PutItem", resource: messages })).toBe("ImplicitlyDenied");
  });

  test("no dynamodb:* : no table administration", async () => {
    for (const action of ["dynamodb:DeleteTable", "dynamodb:UpdateTable", "dynamodb:CreateTable", "dynamodb:Scan", "dynamodb:UpdateTimeToLive"]) {
      expect({ action, decision: await consumer.decide({ action, resource: messages }) }).toEqual({ action, decision: "ImplicitlyDenied" });
    }
  });

  test("sends failed batches to its own failure queue", async () => {
    expect(await consumer.decide({ action: "sqs:SendMessage", resource: `arn:aws:sqs:${region}:${account}:acme-test-summaries-failed` })).toBe("Allowed");
    expect(await consumer.decide({ action: "sqs:SendMessage", resource: `arn:aws:sqs:${region}:${account}:acme-test-audit-failed` })).toBe("ImplicitlyDenied");
  });

  test("the other table's consumer reads its stream only", async () => {
    const audit = iam.role("acme-test-audit");
    expect(await audit.decide({ action: "dynamodb:GetRecords", resource: streamArn("acme-test-other") })).toBe("Allowed");
    expect(await audit.decide({ action: "dynamodb:GetRecords", resource: streamArn("acme-test-messages") })).toBe("ImplicitlyDenied");
  });
});

describe("DynamoDbTable data grants, evaluated", () => {
  const iam = model();

  test("grantReadData: queries the table and its index; no writes, no stream", async () => {
    const reader = iam.role("acme-test-reader");
    expect(await reader.decide({ action: "dynamodb:Query", resource: messages })).toBe("Allowed");
    expect(await reader.decide({ action: "dynamodb:Query", resource: `${messages}/index/by-author` })).toBe("Allowed");
    expect(await reader.decide({ action: "dynamodb:GetItem", resource: messages })).toBe("Allowed");
    expect(await reader.decide({ action: "dynamodb:PutItem", resource: messages })).toBe("ImplicitlyDenied");
    expect(await reader.decide({ action: "dynamodb:DeleteItem", resource: messages })).toBe("ImplicitlyDenied");
    expect(await reader.decide({ action: "dynamodb:GetRecords", resource: streamArn("acme-test-messages") })).toBe("ImplicitlyDenied");
    expect(await reader.decide({ action: "dynamodb:Query", resource: other })).toBe("ImplicitlyDenied");
  });

  test("grantReadWriteData: writes items; no table administration, no other table", async () => {
    const writer = iam.role("acme-test-writer");
    expect(await writer.decide({ action: "dynamodb:PutItem", resource: messages })).toBe("Allowed");
    expect(await writer.decide({ action: "dynamodb:UpdateItem", resource: messages })).toBe("Allowed");
    expect(await writer.decide({ action: "dynamodb:BatchWriteItem", resource: messages })).toBe("Allowed");
    expect(await writer.decide({ action: "dynamodb:DeleteTable", resource: messages })).toBe("ImplicitlyDenied");
    expect(await writer.decide({ action: "dynamodb:UpdateTable", resource: messages })).toBe("ImplicitlyDenied");
    expect(await writer.decide({ action: "dynamodb:PutItem", resource: other })).toBe("ImplicitlyDenied");
    expect(await writer.decide({ action: "dynamodb:GetShardIterator", resource: streamArn("acme-test-messages") })).toBe("ImplicitlyDenied");
  });
});

describe("DynamoDbTable with a customer key, evaluated", () => {
  const iam = model({ encryptionKeyArn: KEY });
  const through = (service: string) => ({ "kms:ViaService": service });
  // The default key policy: it leaves the key's use to IAM policies of the account.
  const keyPolicy = {
    Version: "2012-10-17",
    Statement: [{ Sid: "EnableIamPolicies", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" }],
  };

  test("readers decrypt, writers also generate data keys, through DynamoDB only", async () => {
    const reader = iam.role("acme-test-reader");
    const writer = iam.role("acme-test-writer");
    const dynamodb = through(`dynamodb.${region}.amazonaws.com`);
    expect(await reader.decide({ action: "kms:Decrypt", resource: KEY, context: dynamodb }, keyPolicy)).toBe("Allowed");
    expect(await reader.decide({ action: "kms:GenerateDataKey", resource: KEY, context: dynamodb }, keyPolicy)).toBe("ImplicitlyDenied");
    expect(await writer.decide({ action: "kms:GenerateDataKey", resource: KEY, context: dynamodb }, keyPolicy)).toBe("Allowed");
    expect(await reader.decide({ action: "kms:Decrypt", resource: KEY, context: through(`s3.${region}.amazonaws.com`) }, keyPolicy)).toBe("ImplicitlyDenied");
    expect(await reader.decide({ action: "kms:Decrypt", resource: KEY }, keyPolicy)).toBe("ImplicitlyDenied");
  });

  test("the stream consumer decrypts through DynamoDB; the other table's consumer does not", async () => {
    const dynamodb = through(`dynamodb.${region}.amazonaws.com`);
    expect(await iam.role("acme-test-summaries").decide({ action: "kms:Decrypt", resource: KEY, context: dynamodb }, keyPolicy)).toBe("Allowed");
    expect(await iam.role("acme-test-audit").decide({ action: "kms:Decrypt", resource: KEY, context: dynamodb }, keyPolicy)).toBe("ImplicitlyDenied");
  });
});
