// @ts-check
"use strict";
/* global console */

/**
 * The messages table's stream consumer (nodejs22.x, CommonJS): for each new message, bring its
 * group's summary item up to date (the last message and its time), so the API lists groups with
 * one Query instead of reading every group's messages.
 *
 * Items (one table, `pk`/`sk` strings):
 *   message  pk = "GROUP#<group id>"  sk = "MSG#<ISO 8601 time>#<message id>"  text, author
 *   summary  pk = "GROUP#<group id>"  sk = "SUMMARY"  lastMessageSk, lastMessageId, lastMessageAt, lastMessageText, lastMessageAuthor
 *
 * - Only INSERTs of message items count; MODIFY and REMOVE records, and other items, are skipped.
 *   The table's stream must carry new images (`NEW_IMAGE` or `NEW_AND_OLD_IMAGES`).
 * - Each update is conditional: it applies only if the summary holds no message yet, or an older
 *   one (message sort keys sort by time, then id). A replayed record (Lambda retries a batch, and
 *   a stream delivers a record at least once) then fails the condition and changes nothing, and
 *   so does a message that arrives after a newer one. A failed condition is success here.
 * - Any other error stops the batch: the handler reports that record's `SequenceNumber` in
 *   `batchItemFailures` (the event source mapping lists `ReportBatchItemFailures`) and processes
 *   nothing after it. Lambda retries from that record, keeping the stream's order; the records
 *   before it are not sent again. After the mapping's retries the batch's record goes to the
 *   failure queue.
 *
 * Environment: `TABLE_NAME`, the table to write the summaries to (the same table).
 */

/**
 * A DynamoDB attribute value, as stream records hold them (only the types this code reads).
 * @typedef {{ S?: string, N?: string, BOOL?: boolean, NULL?: boolean, M?: Record<string, unknown>, L?: unknown[] }} AttributeValue
 */

/**
 * One record of a DynamoDB stream event.
 * @typedef {object} DynamoDBStreamRecord
 * @property {string} [eventID]
 * @property {"INSERT" | "MODIFY" | "REMOVE"} eventName
 * @property {string} [eventSource]
 * @property {string} [eventSourceARN]
 * @property {string} [awsRegion]
 * @property {object} dynamodb
 * @property {Record<string, AttributeValue>} [dynamodb.Keys]
 * @property {Record<string, AttributeValue>} [dynamodb.NewImage]
 * @property {Record<string, AttributeValue>} [dynamodb.OldImage]
 * @property {string} dynamodb.SequenceNumber
 * @property {number} [dynamodb.SizeBytes]
 * @property {"KEYS_ONLY" | "NEW_IMAGE" | "OLD_IMAGE" | "NEW_AND_OLD_IMAGES"} [dynamodb.StreamViewType]
 */

/**
 * @typedef {{ Records: DynamoDBStreamRecord[] }} DynamoDBStreamEvent
 * @typedef {{ batchItemFailures: { itemIdentifier: string }[] }} StreamBatchResponse
 */

/**
 * The UpdateItem input the handler sends (the AWS SDK v3 `UpdateItemCommand` input).
 * @typedef {object} UpdateItemInput
 * @property {string} TableName
 * @property {Record<string, AttributeValue>} Key
 * @property {string} UpdateExpression
 * @property {string} ConditionExpression
 * @property {Record<string, string>} ExpressionAttributeNames
 * @property {Record<string, AttributeValue>} ExpressionAttributeValues
 */

/** The summary item's sort key. */
const SUMMARY_SK = "SUMMARY";

/** Applies only when the summary has no message yet, or an older one: replays and late arrivals change nothing. */
const NEWER_MESSAGE_ONLY = "attribute_not_exists(#lastSk) OR #lastSk < :sk";

const SET_LAST_MESSAGE =
  "SET #lastSk = :sk, #lastId = :id, #lastAt = :at, #lastText = :text, #lastAuthor = :author";

/**
 * The group, time and id of a message item's keys, or undefined for any other item.
 * @param {Record<string, AttributeValue> | undefined} image
 * @returns {{ pk: string, sk: string, groupId: string, at: string, messageId: string } | undefined}
 */
function messageOf(image) {
  const pk = image?.pk?.S;
  const sk = image?.sk?.S;
  if (pk === undefined || sk === undefined || !pk.startsWith("GROUP#") || !sk.startsWith("MSG#")) return undefined;
  const rest = sk.slice("MSG#".length);
  const separator = rest.indexOf("#");
  if (separator <= 0 || separator === rest.length - 1) return undefined;
  return { pk, sk, groupId: pk.slice("GROUP#".length), at: rest.slice(0, separator), messageId: rest.slice(separator + 1) };
}

/**
 * The conditional update of a group's summary for one new message.
 * @param {string} tableName
 * @param {Record<string, AttributeValue>} image the message item (the record's NewImage)
 * @returns {UpdateItemInput | undefined} undefined when the item is not a message
 */
function summaryUpdate(tableName, image) {
  const message = messageOf(image);
  if (message === undefined) return undefined;
  return {
    TableName: tableName,
    Key: { pk: { S: message.pk }, sk: { S: SUMMARY_SK } },
    UpdateExpression: SET_LAST_MESSAGE,
    ConditionExpression: NEWER_MESSAGE_ONLY,
    ExpressionAttributeNames: {
      "#lastSk": "lastMessageSk",
      "#lastId": "lastMessageId",
      "#lastAt": "lastMessageAt",
      "#lastText": "lastMessageText",
      "#lastAuthor": "lastMessageAuthor",
    },
    ExpressionAttributeValues: {
      ":sk": { S: message.sk },
      ":id": { S: message.messageId },
      ":at": { S: message.at },
      ":text": image.text?.S === undefined ? { NULL: true } : { S: image.text.S },
      ":author": image.author?.S === undefined ? { NULL: true } : { S: image.author.S },
    },
  };
}

/**
 * @param {unknown} error
 * @returns {boolean} true for the error DynamoDB answers a failed condition with
 */
function isConditionFailure(error) {
  return typeof error === "object" && error !== null && /** @type {{ name?: unknown }} */ (error).name === "ConditionalCheckFailedException";
}

/**
 * The handler, with the DynamoDB client's `send` and the command class injected (tests pass
 * fakes; the runtime's AWS SDK v3 is loaded only by the exported `handler`).
 * @param {{
 *   send: (command: unknown) => Promise<unknown>,
 *   UpdateItemCommand: new (input: UpdateItemInput) => unknown,
 *   tableName: string,
 * }} dependencies
 * @returns {(event: DynamoDBStreamEvent) => Promise<StreamBatchResponse>}
 */
function createHandler({ send, UpdateItemCommand, tableName }) {
  return async function handler(event) {
    for (const record of event.Records) {
      try {
        if (record.eventName !== "INSERT") continue;
        const image = record.dynamodb.NewImage;
        if (image === undefined) throw new Error("stream-consumer: an INSERT record without NewImage: give the table's stream NEW_IMAGE or NEW_AND_OLD_IMAGES");
        const update = summaryUpdate(tableName, image);
        if (update === undefined) continue;
        try {
          await send(new UpdateItemCommand(update));
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
          // The summary already holds this message or a newer one: nothing to do.
        }
      } catch (error) {
        console.error(JSON.stringify({ message: "stream-consumer: record failed", sequenceNumber: record.dynamodb.SequenceNumber, error: String(error) }));
        // Ordered stream: report the first failure only, and stop. Lambda retries from it.
        return { batchItemFailures: [{ itemIdentifier: record.dynamodb.SequenceNumber }] };
      }
    }
    return { batchItemFailures: [] };
  };
}

/** @type {((event: DynamoDBStreamEvent) => Promise<StreamBatchResponse>) | undefined} */
let runtimeHandler;

/**
 * The Lambda entry point: the AWS SDK v3 DynamoDB client of the Node.js runtime, created once
 * per execution environment, and the table from `TABLE_NAME`.
 * @param {DynamoDBStreamEvent} event
 * @returns {Promise<StreamBatchResponse>}
 */
async function handler(event) {
  if (runtimeHandler === undefined) {
    const tableName = process.env.TABLE_NAME;
    if (tableName === undefined || tableName === "") throw new Error("stream-consumer: the environment variable TABLE_NAME is not set");
    const { DynamoDBClient, UpdateItemCommand } = require("@aws-sdk/client-dynamodb");
    const client = new DynamoDBClient({});
    runtimeHandler = createHandler({ send: (command) => client.send(command), UpdateItemCommand, tableName });
  }
  return runtimeHandler(event);
}

module.exports = { createHandler, handler, messageOf, summaryUpdate, NEWER_MESSAGE_ONLY, SUMMARY_SK };
