import { Token } from "cdktf";
import { Construct } from "constructs";
import { ACCOUNT_ID_PATTERN } from "../shared/arn";
import { isUnresolved, PropProblem, propProblems, PropsValidator } from "../shared/errors";
import { isKnownRegion, regionProblem } from "../shared/regions";
import { isValidNamePrefix, NAME_PREFIX_RULE, resourceName } from "../_internal/naming";
import type { AttributeType, DynamoDbTableProps, KeyAttribute, StreamConsumerOptions, StreamViewType, TableClass } from "./props";

/** Global secondary indexes a table may have: DynamoDB's default quota. */
export const MAX_GLOBAL_SECONDARY_INDEXES = 20;
/** Projected non-key attributes, summed over every index of a table: DynamoDB's limit. */
export const MAX_PROJECTED_ATTRIBUTES = 100;
/** The longest `tableName` (the table's role): the grants' inline policy names carry it and stay within IAM's 128 characters. */
export const MAX_TABLE_ROLE_LENGTH = 64;
/** Filter patterns an event source mapping takes (Lambda's default quota). */
export const MAX_FILTER_PATTERNS = 5;

export const ATTRIBUTE_TYPES: readonly AttributeType[] = ["S", "N", "B"];
export const STREAM_VIEW_TYPES: readonly StreamViewType[] = ["NEW_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY", "OLD_IMAGE"];
export const TABLE_CLASSES: readonly TableClass[] = ["STANDARD", "STANDARD_INFREQUENT_ACCESS"];

const TABLE_ROLE = /^[a-zA-Z0-9_.-]+$/;
const INDEX_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;
const KMS_KEY_ARN = /^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):key\/[A-Za-z0-9-]+$/;

/** The checked props, with defaults filled in. */
export interface TableSettings {
  /** `${name}-${tableName}`. */
  readonly fullName: string;
  /** Every key attribute, once, in the order first met (table keys, then each index's). */
  readonly attributes: readonly KeyAttribute[];
  readonly pointInTimeRecovery: boolean;
  readonly preventDestroy: boolean;
  readonly tableClass: TableClass;
}

/**
 * Every problem with a `DynamoDbTable`'s props, found before anything is built (none when they
 * hold): what the constructor would refuse.
 */
export function dynamoDbTablePropProblems(props: DynamoDbTableProps): readonly PropProblem[] {
  return propProblems(() => validate(undefined, props));
}

const list = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ");

function checkKey(v: PropsValidator, prop: string, key: KeyAttribute): void {
  v.check(typeof key.name === "string" && key.name.length >= 1 && key.name.length <= 255, `${prop}.name`, "must be an attribute name of 1 to 255 characters", key.name);
  v.check(ATTRIBUTE_TYPES.includes(key.type), `${prop}.type`, `must be one of ${list(ATTRIBUTE_TYPES)} (string, number, binary: a key is a scalar)`, key.type);
}

export function validate(scope: Construct | undefined, props: DynamoDbTableProps): TableSettings {
  const v = new PropsValidator(scope, "DynamoDbTable");
  v.check(isValidNamePrefix(props.name), "name", NAME_PREFIX_RULE, props.name);
  v.check(
    TABLE_ROLE.test(props.tableName) && props.tableName.length <= MAX_TABLE_ROLE_LENGTH,
    "tableName",
    `must be 1 to ${MAX_TABLE_ROLE_LENGTH} letters, digits, "_", "." and "-" (e.g. "messages"); the table is named \${name}-\${tableName}`,
    props.tableName,
  );
  const fullName = resourceName(props.name, props.tableName);
  v.check(isKnownRegion(props.region), "region", regionProblem(props.region) ?? "", props.region);
  v.check(ACCOUNT_ID_PATTERN.test(props.accountId), "accountId", 'must be a 12-digit AWS account id (e.g. "123456789012")', props.accountId);

  // Key attributes: each declared once, with one type. Every attribute definition comes from a
  // key, so none is unused (DynamoDB refuses definitions no key or index uses).
  const attributes: KeyAttribute[] = [];
  const typeOf = new Map<string, { type: AttributeType; prop: string }>();
  const declare = (prop: string, key: KeyAttribute) => {
    checkKey(v, prop, key);
    if (isUnresolved(key.name)) return;
    const earlier = typeOf.get(key.name);
    if (earlier === undefined) {
      typeOf.set(key.name, { type: key.type, prop });
      attributes.push({ name: key.name, type: key.type });
    } else if (earlier.type !== key.type) {
      v.fail(
        `${prop}.type`,
        `must be "${earlier.type}", the type ${earlier.prop} gives the attribute "${key.name}": DynamoDB defines each key attribute once, with one type`,
        key.type,
      );
    }
  };
  declare("partitionKey", props.partitionKey);
  if (props.sortKey !== undefined) {
    declare("sortKey", props.sortKey);
    v.check(props.sortKey.name !== props.partitionKey.name, "sortKey.name", "must differ from partitionKey.name", props.sortKey.name);
  }

  const indexes = props.globalSecondaryIndexes ?? [];
  v.check(indexes.length <= MAX_GLOBAL_SECONDARY_INDEXES, "globalSecondaryIndexes", `must hold at most ${MAX_GLOBAL_SECONDARY_INDEXES} indexes (DynamoDB's quota per table)`, `${indexes.length} indexes`);
  const indexNames = new Set<string>();
  let projected = 0;
  indexes.forEach((index, i) => {
    const prop = `globalSecondaryIndexes[${i}]`;
    v.check(INDEX_NAME.test(index.name), `${prop}.name`, 'must be 3 to 255 letters, digits, "_", "." and "-"', index.name);
    v.check(!indexNames.has(index.name), `${prop}.name`, "must be unique among the table's indexes", index.name);
    indexNames.add(index.name);
    declare(`${prop}.partitionKey`, index.partitionKey);
    if (index.sortKey !== undefined) {
      declare(`${prop}.sortKey`, index.sortKey);
      v.check(index.sortKey.name !== index.partitionKey.name, `${prop}.sortKey.name`, `must differ from ${prop}.partitionKey.name`, index.sortKey.name);
    }
    const projection = index.projection ?? "ALL";
    if (typeof projection === "object") {
      const include = projection.include;
      v.check(include.length > 0, `${prop}.projection.include`, 'must name at least one attribute (or use "KEYS_ONLY")', include);
      v.check(new Set(include).size === include.length, `${prop}.projection.include`, "must not name an attribute twice", include);
      projected += include.length;
    } else {
      v.check(projection === "ALL" || projection === "KEYS_ONLY", `${prop}.projection`, 'must be "ALL", "KEYS_ONLY" or { include: [...] }', projection);
    }
  });
  v.check(
    projected <= MAX_PROJECTED_ATTRIBUTES,
    "globalSecondaryIndexes",
    `must project at most ${MAX_PROJECTED_ATTRIBUTES} non-key attributes in all (projection.include, summed over the indexes: DynamoDB's limit)`,
    `${projected} attributes`,
  );

  if (props.ttlAttribute !== undefined) {
    const ttl = props.ttlAttribute;
    v.check(ttl.length >= 1 && ttl.length <= 255, "ttlAttribute", "must be an attribute name of 1 to 255 characters", ttl);
    const key = typeOf.get(ttl);
    v.check(
      key === undefined,
      "ttlAttribute",
      `must not be a key attribute (it is ${key?.prop ?? ""}): the expiry time is a Number of epoch seconds that DynamoDB reads on each item, not part of its key`,
      ttl,
    );
  }

  if (props.encryptionKeyArn !== undefined && !Token.isUnresolved(props.encryptionKeyArn)) {
    const match = KMS_KEY_ARN.exec(props.encryptionKeyArn);
    if (match === null) {
      v.fail("encryptionKeyArn", "must be a KMS key ARN, arn:aws:kms:<region>:<account>:key/<key id> (not an alias: the grants name the key)", props.encryptionKeyArn);
    } else if (!Token.isUnresolved(props.region) && match[2] !== props.region) {
      v.fail("encryptionKeyArn", `must be a key in the table's region ${props.region} (DynamoDB uses keys of its own region only)`, props.encryptionKeyArn);
    }
  }

  if (props.stream !== undefined) {
    v.check(STREAM_VIEW_TYPES.includes(props.stream), "stream", `must be one of ${list(STREAM_VIEW_TYPES)}`, props.stream);
  }
  const tableClass = props.tableClass ?? "STANDARD";
  v.check(TABLE_CLASSES.includes(tableClass), "tableClass", `must be one of ${list(TABLE_CLASSES)}`, tableClass);
  v.check(typeof props.deletionProtection === "boolean", "deletionProtection", "must be true or false (pass the environment's protected flag)", props.deletionProtection);

  v.throwIfInvalid();
  return {
    fullName,
    attributes,
    pointInTimeRecovery: props.pointInTimeRecovery ?? true,
    preventDestroy: props.preventDestroy ?? props.deletionProtection,
    tableClass,
  };
}

/** A stream consumer's settings, with defaults filled in. */
export interface ConsumerSettings {
  readonly batchSize: number;
  readonly maximumBatchingWindowSeconds: number | undefined;
  readonly maximumRetryAttempts: number;
  readonly maximumRecordAgeSeconds: number;
  readonly parallelizationFactor: number;
  readonly filterPatterns: readonly string[];
}

/** Checks `addStreamConsumer`'s options (and that the table has a stream), every problem at once. */
export function validateConsumer(scope: Construct, id: string, hasStream: boolean, options: StreamConsumerOptions): ConsumerSettings {
  const v = new PropsValidator(scope, "DynamoDbTable");
  if (!hasStream) {
    v.fail("stream", `is needed by addStreamConsumer("${id}", ...): the table has no stream to read; set stream (e.g. "NEW_IMAGE")`, undefined);
  }
  v.check(
    /^[A-Z][A-Za-z0-9]{0,39}$/.test(id),
    "addStreamConsumer id",
    'must be 1 to 40 PascalCase letters and digits (e.g. "Summaries"): it names the mapping\'s Terraform address and the role\'s policy',
    id,
  );
  const at = (option: string) => `addStreamConsumer("${id}").${option}`;
  const batchSize = options.batchSize ?? 100;
  v.checkWholeNumber(at("batchSize"), batchSize, 1, 10000, { unit: "records" });
  const window = options.maximumBatchingWindowSeconds;
  if (window !== undefined) v.checkWholeNumber(at("maximumBatchingWindowSeconds"), window, 0, 300, { unit: "seconds" });
  const retries = options.maximumRetryAttempts ?? 3;
  v.checkWholeNumber(at("maximumRetryAttempts"), retries, 0, 10000, { why: "bounded: a batch that keeps failing must end in the failure queue" });
  const age = options.maximumRecordAgeSeconds ?? 3600;
  v.checkWholeNumber(at("maximumRecordAgeSeconds"), age, 60, 604800, {
    unit: "seconds",
    why: "-1, unbounded, is refused: a record that keeps failing would block its shard until the stream drops it after 24 hours, unreported",
  });
  const parallelization = options.parallelizationFactor ?? 1;
  v.checkWholeNumber(at("parallelizationFactor"), parallelization, 1, 10);
  const filterPatterns = options.filterPatterns ?? [];
  v.check(filterPatterns.length <= MAX_FILTER_PATTERNS, at("filterPatterns"), `must hold at most ${MAX_FILTER_PATTERNS} patterns (Lambda's quota per mapping)`, filterPatterns);
  filterPatterns.forEach((pattern, i) => {
    if (Token.isUnresolved(pattern)) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(pattern);
    } catch {
      parsed = undefined;
    }
    v.check(
      typeof parsed === "object" && parsed !== null && !Array.isArray(parsed),
      `${at("filterPatterns")}[${i}]`,
      'must be a JSON object as a string, e.g. \'{"eventName":["INSERT"]}\'',
      pattern,
    );
  });
  if (options.failureQueueArn !== undefined) {
    v.check(
      /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/.test(options.failureQueueArn),
      at("failureQueueArn"),
      "must be an SQS queue ARN, arn:aws:sqs:<region>:<account>:<queue name>",
      options.failureQueueArn,
    );
  }
  v.throwIfInvalid();
  return {
    batchSize,
    maximumBatchingWindowSeconds: window,
    maximumRetryAttempts: retries,
    maximumRecordAgeSeconds: age,
    parallelizationFactor: parallelization,
    filterPatterns,
  };
}
