import type { PolicyStatement } from "../_internal/policy";

/**
 * What Lambda does with the consumer's role to read the stream: describe it, get shard
 * iterators and records, on this table's stream ARN only. `dynamodb:ListStreams` is not here: it
 * has no resource type in the Service Authorization Reference (it lists the account's stream
 * ARNs), so it works on `Resource: "*"` only, and goes in {@link listStreamsStatement}.
 */
export function streamReadStatements(options: {
  readonly streamArn: string;
  readonly failureQueueArn: string | undefined;
  readonly encryptionKeyArn: string | undefined;
  readonly region: string;
}): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      Sid: "ReadTableStream",
      Effect: "Allow",
      Action: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
      Resource: options.streamArn,
    },
  ];
  if (options.failureQueueArn !== undefined) {
    // A queue other than the function's own: Lambda sends the record of a failed batch to it as
    // the function's role. (The function's own failure queue is granted by its own policy.)
    statements.push({ Sid: "SendFailedBatches", Effect: "Allow", Action: "sqs:SendMessage", Resource: options.failureQueueArn });
  }
  if (options.encryptionKeyArn !== undefined) {
    // The stream's records are encrypted with the table's key: reading them decrypts, through DynamoDB only.
    statements.push({
      Sid: "DecryptTableStream",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: options.encryptionKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `dynamodb.${options.region}.amazonaws.com` } },
    });
  }
  return statements;
}

/** `dynamodb:ListStreams`, which Lambda's documented stream permissions include, on `*`: the only resource it is authorized on. */
export function listStreamsStatement(): PolicyStatement {
  return { Sid: "ListStreams", Effect: "Allow", Action: "dynamodb:ListStreams", Resource: "*" };
}

/** Item reads (`grantReadData`): no stream, no table administration beyond DescribeTable. */
export const READ_DATA_ACTIONS: readonly string[] = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:Scan",
  "dynamodb:ConditionCheckItem",
  "dynamodb:DescribeTable",
];

/** Item writes `grantReadWriteData` adds to the reads. */
export const WRITE_DATA_ACTIONS: readonly string[] = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"];

/** The statements of a data grant: the item actions on the table and its indexes, and the customer key through DynamoDB. */
export function dataStatements(options: {
  readonly tableArn: string;
  readonly write: boolean;
  readonly encryptionKeyArn: string | undefined;
  readonly region: string;
}): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      Sid: options.write ? "ReadWriteItems" : "ReadItems",
      Effect: "Allow",
      Action: options.write ? [...READ_DATA_ACTIONS, ...WRITE_DATA_ACTIONS] : [...READ_DATA_ACTIONS],
      Resource: [options.tableArn, `${options.tableArn}/index/*`],
    },
  ];
  if (options.encryptionKeyArn !== undefined) {
    statements.push({
      Sid: "UseTableKey",
      Effect: "Allow",
      Action: options.write ? ["kms:Decrypt", "kms:GenerateDataKey*"] : "kms:Decrypt",
      Resource: options.encryptionKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `dynamodb.${options.region}.amazonaws.com` } },
    });
  }
  return statements;
}
