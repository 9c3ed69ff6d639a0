/**
 * The sample stream consumer, run with a fake DynamoDB client: the AWS SDK is never loaded.
 */
import * as path from "node:path";

type AttributeValue = { S?: string; N?: string; NULL?: boolean };
type Image = Record<string, AttributeValue>;

interface StreamRecord {
  eventName: "INSERT" | "MODIFY" | "REMOVE";
  dynamodb: { SequenceNumber: string; Keys?: Image; NewImage?: Image; OldImage?: Image };
}

interface UpdateInput {
  TableName: string;
  Key: Image;
  UpdateExpression: string;
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Image;
}

interface ConsumerModule {
  createHandler(dependencies: {
    send: (command: unknown) => Promise<unknown>;
    UpdateItemCommand: new (input: UpdateInput) => unknown;
    tableName: string;
  }): (event: { Records: StreamRecord[] }) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
  NEWER_MESSAGE_ONLY: string;
  SUMMARY_SK: string;
  handler: unknown;
}

const folder = path.resolve(__dirname, "..", "..", "..", "examples", "fargate-cognito-uploads", "functions", "stream-consumer");
const consumer = jest.requireActual<ConsumerModule>(path.join(folder, "index.js"));

/** Stands in for the SDK's UpdateItemCommand: it keeps its input, as the real one does. */
class FakeUpdateItemCommand {
  constructor(readonly input: UpdateInput) {}
}

class ConditionalCheckFailedException extends Error {
  override readonly name = "ConditionalCheckFailedException";
}

/**
 * A fake table for the summaries: it evaluates the handler's condition the way DynamoDB would
 * for this expression (no summary yet, or an older last message), and can fail a given call.
 */
function fakeTable(options: { failOnCall?: number; failWith?: Error } = {}) {
  const summaries = new Map<string, Record<string, string | null>>();
  const sent: UpdateInput[] = [];
  const send = async (command: unknown) => {
    expect(command).toBeInstanceOf(FakeUpdateItemCommand);
    const input = (command as FakeUpdateItemCommand).input;
    sent.push(input);
    if (options.failOnCall === sent.length) throw options.failWith ?? new Error("ProvisionedThroughputExceededException");
    expect(input.ConditionExpression).toBe("attribute_not_exists(#lastSk) OR #lastSk < :sk");
    const key = `${input.Key.pk!.S}|${input.Key.sk!.S}`;
    const current = summaries.get(key);
    const sk = input.ExpressionAttributeValues[":sk"]!.S!;
    if (current !== undefined && !(String(current.lastMessageSk) < sk)) throw new ConditionalCheckFailedException("The conditional request failed");
    const value = (name: string) => input.ExpressionAttributeValues[name]!.S ?? null;
    summaries.set(key, {
      lastMessageSk: sk,
      lastMessageId: value(":id"),
      lastMessageAt: value(":at"),
      lastMessageText: value(":text"),
      lastMessageAuthor: value(":author"),
    });
    return {};
  };
  return { summaries, sent, handler: consumer.createHandler({ send, UpdateItemCommand: FakeUpdateItemCommand, tableName: "acme-test-messages" }) };
}

let sequence = 100;
function insert(group: string, at: string, id: string, text = `message ${id}`): StreamRecord {
  const image: Image = { pk: { S: `GROUP#${group}` }, sk: { S: `MSG#${at}#${id}` }, text: { S: text }, author: { S: "ada" } };
  return { eventName: "INSERT", dynamodb: { SequenceNumber: String(sequence++), Keys: { pk: image.pk!, sk: image.sk! }, NewImage: image } };
}

describe("stream consumer", () => {
  test("an INSERT of a message updates its group's summary, conditionally, in the table named by the handler's settings", async () => {
    const table = fakeTable();
    const record = insert("g1", "2026-12-02T10:00:00.000Z", "m1", "hello");
    expect(await table.handler({ Records: [record] })).toEqual({ batchItemFailures: [] });
    expect(table.sent).toEqual([
      {
        TableName: "acme-test-messages",
        Key: { pk: { S: "GROUP#g1" }, sk: { S: "SUMMARY" } },
        UpdateExpression: "SET #lastSk = :sk, #lastId = :id, #lastAt = :at, #lastText = :text, #lastAuthor = :author",
        ConditionExpression: consumer.NEWER_MESSAGE_ONLY,
        ExpressionAttributeNames: {
          "#lastSk": "lastMessageSk",
          "#lastId": "lastMessageId",
          "#lastAt": "lastMessageAt",
          "#lastText": "lastMessageText",
          "#lastAuthor": "lastMessageAuthor",
        },
        ExpressionAttributeValues: {
          ":sk": { S: "MSG#2026-12-02T10:00:00.000Z#m1" },
          ":id": { S: "m1" },
          ":at": { S: "2026-12-02T10:00:00.000Z" },
          ":text": { S: "hello" },
          ":author": { S: "ada" },
        },
      },
    ]);
    expect(table.summaries.get("GROUP#g1|SUMMARY")).toMatchObject({ lastMessageId: "m1", lastMessageAt: "2026-12-02T10:00:00.000Z", lastMessageText: "hello" });
  });

  test("MODIFY and REMOVE records, summaries and other items are skipped", async () => {
    const table = fakeTable();
    const message = insert("g1", "2026-12-02T10:00:00.000Z", "m1");
    const modify: StreamRecord = { ...message, eventName: "MODIFY" };
    const remove: StreamRecord = { eventName: "REMOVE", dynamodb: { SequenceNumber: "7", Keys: message.dynamodb.Keys, OldImage: message.dynamodb.NewImage } };
    const summary: StreamRecord = { eventName: "INSERT", dynamodb: { SequenceNumber: "8", NewImage: { pk: { S: "GROUP#g1" }, sk: { S: consumer.SUMMARY_SK } } } };
    const user: StreamRecord = { eventName: "INSERT", dynamodb: { SequenceNumber: "9", NewImage: { pk: { S: "USER#u1" }, sk: { S: "PROFILE" } } } };
    expect(await table.handler({ Records: [modify, remove, summary, user] })).toEqual({ batchItemFailures: [] });
    expect(table.sent).toEqual([]);
  });

  test("a replayed record changes nothing: the condition fails, and that is success", async () => {
    const table = fakeTable();
    const first = insert("g1", "2026-12-02T10:00:00.000Z", "m1");
    const second = insert("g1", "2026-12-02T10:05:00.000Z", "m2");
    expect(await table.handler({ Records: [first, second] })).toEqual({ batchItemFailures: [] });
    const after = { ...table.summaries.get("GROUP#g1|SUMMARY") };
    // Lambda retries the batch (or the stream delivers a record twice).
    expect(await table.handler({ Records: [first, second] })).toEqual({ batchItemFailures: [] });
    expect(table.sent).toHaveLength(4);
    expect(table.summaries.get("GROUP#g1|SUMMARY")).toEqual(after);
    expect(after.lastMessageId).toBe("m2");
  });

  test("an older message arriving late does not replace a newer one", async () => {
    const table = fakeTable();
    await table.handler({ Records: [insert("g1", "2026-12-02T10:05:00.000Z", "m2"), insert("g1", "2026-12-02T10:00:00.000Z", "m1")] });
    expect(table.summaries.get("GROUP#g1|SUMMARY")?.lastMessageId).toBe("m2");
  });

  test("a record that fails is reported by its sequence number, and nothing after it is processed", async () => {
    const table = fakeTable({ failOnCall: 2 });
    const records = [insert("g1", "2026-12-02T10:00:00.000Z", "m1"), insert("g2", "2026-12-02T10:01:00.000Z", "m2"), insert("g3", "2026-12-02T10:02:00.000Z", "m3")];
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      expect(await table.handler({ Records: records })).toEqual({ batchItemFailures: [{ itemIdentifier: records[1]!.dynamodb.SequenceNumber }] });
      expect(errors).toHaveBeenCalledTimes(1);
    } finally {
      errors.mockRestore();
    }
    expect(table.sent.map((u) => u.Key.pk!.S)).toEqual(["GROUP#g1", "GROUP#g2"]);
    expect(table.summaries.has("GROUP#g3|SUMMARY")).toBe(false);
    // Lambda retries from the reported record: the rest then goes through.
    expect(await table.handler({ Records: records.slice(1) })).toEqual({ batchItemFailures: [] });
    expect([...table.summaries.keys()].sort()).toEqual(["GROUP#g1|SUMMARY", "GROUP#g2|SUMMARY", "GROUP#g3|SUMMARY"]);
  });

  test("an INSERT without a new image (a KEYS_ONLY stream) is a failure, not a silent skip", async () => {
    const table = fakeTable();
    const record = insert("g1", "2026-12-02T10:00:00.000Z", "m1");
    const keysOnly: StreamRecord = { eventName: "INSERT", dynamodb: { SequenceNumber: record.dynamodb.SequenceNumber, Keys: record.dynamodb.Keys } };
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      expect(await table.handler({ Records: [keysOnly] })).toEqual({ batchItemFailures: [{ itemIdentifier: record.dynamodb.SequenceNumber }] });
    } finally {
      errors.mockRestore();
    }
  });

  test("the Lambda entry point needs TABLE_NAME", async () => {
    const handler = consumer.handler as (event: { Records: StreamRecord[] }) => Promise<unknown>;
    const saved = process.env.TABLE_NAME;
    delete process.env.TABLE_NAME;
    try {
      await expect(handler({ Records: [] })).rejects.toThrow(/TABLE_NAME is not set/);
    } finally {
      if (saved !== undefined) process.env.TABLE_NAME = saved;
    }
  });
});
