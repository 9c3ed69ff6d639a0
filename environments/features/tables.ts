import { DynamoDbTable, dynamoDbTablePropProblems, DynamoDbTableProps } from "../../modules/dynamodb-table";
import { LambdaFunction, lambdaFunctionPropProblems } from "../../modules/lambda-function";
import type { Grantee } from "../../modules/shared/grants";
import type { Monitorable } from "../../modules/shared/monitorable";
import type { ConfigIssue } from "../config/errors";
import type { EnvironmentConfig } from "../config/schema";
import { EnvironmentContext, EnvironmentSettings, output } from "./context";
import { configIssues, PropSources } from "./module-problems";
import { productFunctionProps, productFunctionSources } from "./product-functions";

// DynamoDB tables (the tables section): each table with PITR and, where the environment is
// protected, deletion protection; the API's code granted per table; a table's stream to a
// function of its own through a bounded event source mapping.

type TablesConfig = NonNullable<EnvironmentConfig["tables"]>;
type TableConfig = TablesConfig[string];

/** The variable that gives the API's code a table's name: `TABLE_<ROLE>` (`TABLE_MESSAGES`). */
export function tableVariable(role: string): string {
  return `TABLE_${role.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

/** The stack's names of the tables, before they exist: what the API's code is given. */
export function tableVariables(context: EnvironmentSettings, tables: TablesConfig | undefined): Record<string, string> {
  return Object.fromEntries(Object.keys(tables ?? {}).map((role) => [tableVariable(role), `${context.namePrefix}-${role}`]));
}

export interface TablesFeature {
  readonly tables: Readonly<Record<string, DynamoDbTable>>;
  /** The stream consumers, by table role. */
  readonly consumers: Readonly<Record<string, LambdaFunction>>;
  readonly monitorables: readonly Monitorable[];
}

function tableProps(context: EnvironmentSettings, role: string, table: TableConfig): DynamoDbTableProps {
  return {
    name: context.namePrefix,
    tableName: role,
    region: context.region,
    accountId: context.accountId,
    partitionKey: table.partitionKey,
    sortKey: table.sortKey,
    globalSecondaryIndexes: table.indexes,
    ttlAttribute: table.ttlAttribute,
    deletionProtection: context.protected,
    stream: table.stream?.viewType,
  };
}

function tableSources(role: string): PropSources {
  const at = `tables.${role}`;
  return {
    name: null,
    tableName: `tables.${role}`,
    region: null,
    accountId: null,
    partitionKey: `${at}.partitionKey`,
    sortKey: `${at}.sortKey`,
    globalSecondaryIndexes: `${at}.indexes`,
    ttlAttribute: `${at}.ttlAttribute`,
    deletionProtection: "protected",
    stream: `${at}.stream.viewType`,
  };
}

const consumerName = (role: string): string => `${role}-stream`;

/** Every table's and stream consumer's problems with this config, under the config keys. */
export function checkTables(context: EnvironmentSettings, tables: TablesConfig): ConfigIssue[] {
  return Object.entries(tables).flatMap(([role, table]) => [
    ...configIssues("DynamoDbTable", `tables.${role}`, tableSources(role), dynamoDbTablePropProblems(tableProps(context, role, table))),
    ...(table.stream === undefined
      ? []
      : configIssues(
          "LambdaFunction",
          `tables.${role}.stream.consumer`,
          productFunctionSources(`tables.${role}.stream.consumer`),
          lambdaFunctionPropProblems(productFunctionProps(context, consumerName(role), table.stream.consumer, { environment: { TABLE_NAME: `${context.namePrefix}-${role}` } })),
        )),
  ]);
}

/** Who gets which table: the API's one service (as each table's `serviceAccess` says), or functions per table and action. */
export interface TableAccess {
  readonly service?: Grantee;
  readonly grants?: readonly { readonly role: string; readonly access: "read" | "read-write"; readonly grantee: Grantee }[];
}

/**
 * The tables, each granted to the API's code as its `serviceAccess` says (or, for functions per
 * route group, to each function that names it, as it names it); a streamed table's
 * consumer (outside the VPC: it needs only DynamoDB) may read the stream and write the table.
 * Outputs the tables' names.
 */
export function addTables(context: EnvironmentContext, tables: TablesConfig, access: TableAccess): TablesFeature {
  const built: Record<string, DynamoDbTable> = {};
  const consumers: Record<string, LambdaFunction> = {};
  const monitorables: Monitorable[] = [];
  for (const [role, table] of Object.entries(tables)) {
    const id = `Table${role.replace(/(^|[^a-zA-Z0-9])([a-zA-Z0-9])/g, (_m, _s, c: string) => c.toUpperCase())}`;
    const ddb = new DynamoDbTable(context.scope, id, tableProps(context, role, table));
    built[role] = ddb;
    if (access.service !== undefined) {
      if (table.serviceAccess === "read") ddb.grantReadData(access.service);
      else ddb.grantReadWriteData(access.service);
    }
    for (const grant of access.grants ?? []) {
      if (grant.role !== role) continue;
      if (grant.access === "read") ddb.grantReadData(grant.grantee);
      else ddb.grantReadWriteData(grant.grantee);
    }
    if (table.stream !== undefined) {
      const consumer = new LambdaFunction(
        context.scope,
        `${id}StreamConsumer`,
        productFunctionProps(context, consumerName(role), table.stream.consumer, { environment: { TABLE_NAME: ddb.tableName } }),
      );
      ddb.grantReadWriteData(consumer);
      ddb.addStreamConsumer("Consumer", consumer, { batchSize: table.stream.batchSize, maximumRetryAttempts: table.stream.maximumRetryAttempts });
      consumers[role] = consumer;
      monitorables.push(consumer);
    }
    monitorables.push(ddb);
  }
  output(
    context,
    "dynamodb_tables",
    Object.fromEntries(Object.entries(built).map(([role, t]) => [role, t.tableName])),
    "The DynamoDB tables by role",
  );
  return { tables: built, consumers, monitorables };
}
