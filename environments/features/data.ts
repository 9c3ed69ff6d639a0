import { MediaBucket, mediaBucketPropProblems, MediaBucketProps } from "../../modules/media-bucket";
import { RdsPrivate, rdsPrivatePropProblems, RdsPrivateProps } from "../../modules/rds-private";
import { markConfigKeys } from "../../policies/config-keys";
import type { ConfigIssue } from "../config/errors";
import type { EnvironmentConfig } from "../config/schema";
import { EnvironmentContext, EnvironmentSettings, output } from "./context";
import { configIssues, PropSources } from "./module-problems";
import { NetworkHandle } from "./network";

type DatabaseConfig = NonNullable<EnvironmentConfig["database"]>;

/** The environment's data stores: PostgreSQL where the config has a database section, and the uploads bucket. */
export interface DataFeature {
  readonly database?: RdsPrivate;
  readonly media: MediaBucket;
}

function databaseProps(context: EnvironmentSettings, database: DatabaseConfig, network: NetworkHandle): RdsPrivateProps {
  return {
    name: context.namePrefix,
    region: context.region,
    accountId: context.accountId,
    network,
    engineVersion: database.engineVersion,
    instanceClass: database.instanceClass,
    multiAz: database.multiAz,
    backupRetentionDays: database.backupRetentionDays,
    deletionProtection: database.deletionProtection,
    finalSnapshot: database.finalSnapshot,
    preventDestroy: context.protected,
    allocatedStorageGiB: database.allocatedStorageGiB,
    maxAllocatedStorageGiB: database.maxAllocatedStorageGiB,
    performanceInsights: database.performanceInsights,
    // Unprotected environments take changes at once; protected ones in the maintenance window.
    applyImmediately: !context.protected,
    logRetentionDays: context.logRetentionDays,
  };
}

const DATABASE_SOURCES: PropSources = {
  name: null,
  region: null,
  accountId: null,
  network: null,
  engineVersion: "database.engineVersion",
  instanceClass: "database.instanceClass",
  multiAz: "database.multiAz",
  backupRetentionDays: "database.backupRetentionDays",
  deletionProtection: "database.deletionProtection",
  finalSnapshot: "database.finalSnapshot",
  preventDestroy: "protected",
  allocatedStorageGiB: "database.allocatedStorageGiB",
  maxAllocatedStorageGiB: "database.maxAllocatedStorageGiB",
  performanceInsights: "database.performanceInsights",
  applyImmediately: "protected",
  logRetentionDays: "logRetentionDays",
};

function mediaProps(context: EnvironmentSettings): MediaBucketProps {
  return { name: context.namePrefix, accountId: context.accountId, preventDestroy: context.protected };
}

// The bucket name is made from the name prefix and the account, which the config checks itself.
const MEDIA_SOURCES: PropSources = { name: null, accountId: null, bucketName: null, preventDestroy: "protected" };

/** The data modules' problems with this config, under the config keys. */
export function checkData(context: EnvironmentSettings, database: DatabaseConfig | undefined, network: NetworkHandle): ConfigIssue[] {
  return [
    ...(database === undefined ? [] : configIssues("RdsPrivate", "database", DATABASE_SOURCES, rdsPrivatePropProblems(databaseProps(context, database, network)))),
    ...configIssues("MediaBucket", "media", MEDIA_SOURCES, mediaBucketPropProblems(mediaProps(context))),
  ];
}

/** PostgreSQL in the private subnets (when configured) and the bucket for uploaded files, with their outputs. */
export function addData(context: EnvironmentContext, database: DatabaseConfig | undefined, network: NetworkHandle): DataFeature {
  let db: RdsPrivate | undefined;
  if (database !== undefined) {
    db = new RdsPrivate(context.scope, "Database", databaseProps(context, database, network));
    // A policy failure on these names the key to change.
    markConfigKeys(context.scope, {
      aws_db_instance: {
        multi_az: "database.multiAz",
        deletion_protection: "database.deletionProtection",
        backup_retention_period: "database.backupRetentionDays",
        skip_final_snapshot: "database.finalSnapshot",
        final_snapshot_identifier: "database.finalSnapshot",
        max_allocated_storage: "database.maxAllocatedStorageGiB",
      },
    });
    output(context, "database_endpoint", db.endpointAddress, "PostgreSQL host name");
    output(context, "database_secret_arn", db.masterSecretArn, "The Secrets Manager secret with the master password (the ARN, not the password)");
  }
  // Uploaded files; the API is told its name.
  const media = new MediaBucket(context.scope, "Media", mediaProps(context));
  output(context, "media_bucket_name", media.bucketName, "Uploaded files");
  return { database: db, media };
}
