import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import { partitionOf } from "../shared/arn";
import { policyDocument, PolicyStatement } from "./policy";

/** An AWS service that publishes to the topic, and the sources it may publish for. */
export interface TopicPublisher {
  /** The service principal: `events.amazonaws.com`, `cloudwatch.amazonaws.com`. */
  readonly service: string;
  /** The `aws:SourceArn` values allowed (`ArnLike`, so `*` patterns work). */
  readonly sourceArns: readonly string[];
}

export interface EncryptedTopicOptions {
  /** The topic's name; also the KMS alias (`alias/<name>`). */
  readonly name: string;
  readonly displayName: string;
  readonly region: string;
  readonly accountId: string;
  /** Each service that publishes; the key lets it encrypt, the topic policy lets it publish. */
  readonly publishers: readonly TopicPublisher[];
  /** Addresses subscribed by email (each confirms once). */
  readonly emails: readonly string[];
  /** Terraform `prevent_destroy` on the key. */
  readonly preventDestroy: boolean;
}

/** The topic, its key, and the subscriptions made. */
export interface EncryptedTopic {
  readonly topic: SnsTopic;
  readonly key: KmsKey;
  readonly policy: SnsTopicPolicy;
  readonly subscriptions: readonly SnsTopicSubscription[];
}

/**
 * An SNS topic under a customer-managed KMS key (rotated) that the given AWS services can use:
 * under the AWS-managed SNS key, EventBridge and CloudWatch cannot encrypt, and their messages
 * are dropped without an error. The topic policy admits only those services, from this account
 * and the given sources, and refuses publishing without TLS. Construct ids start with `prefix`
 * (`${prefix}Key`, `${prefix}Topic`, ...).
 */
export function encryptedTopic(scope: Construct, prefix: string, options: EncryptedTopicOptions): EncryptedTopic {
  const partition = partitionOf(options.region);
  const services = [...new Set(options.publishers.map((p) => p.service))];
  const key = new KmsKey(scope, `${prefix}Key`, {
    description: `Encrypts the ${options.name} topic`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: policyDocument([
      {
        Sid: "AccountAdministers",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${options.accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        // As AWS documents it for CloudWatch alarms and EventBridge rules: no condition here.
        // SNS does not pass aws:SourceAccount or aws:SourceArn on to KMS for EventBridge, so a
        // condition would drop its messages; the topic policy below is where the publishers
        // are limited to this account and these sources.
        Sid: "PublishersEncrypt",
        Effect: "Allow",
        Principal: { Service: services.length === 1 ? services[0] : services },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
      },
    ]),
    tags: { Name: options.name },
    lifecycle: options.preventDestroy ? { preventDestroy: true } : undefined,
  });
  new KmsAlias(scope, `${prefix}KeyAlias`, { name: `alias/${options.name}`, targetKeyId: key.keyId });
  const topic = new SnsTopic(scope, `${prefix}Topic`, {
    name: options.name,
    displayName: options.displayName,
    kmsMasterKeyId: key.arn,
    tags: { Name: options.name },
  });
  const publishStatements: PolicyStatement[] = options.publishers.map((p, i) => ({
      Sid: options.publishers.length === 1 ? "ServicePublishes" : `ServicePublishes${i}`,
      Effect: "Allow",
      Principal: { Service: p.service },
      Action: "sns:Publish",
      Resource: topic.arn,
      Condition: { StringEquals: { "aws:SourceAccount": options.accountId }, ArnLike: { "aws:SourceArn": [...p.sourceArns] } },
    }));
  const policy = new SnsTopicPolicy(scope, `${prefix}TopicPolicy`, {
    arn: topic.arn,
    policy: policyDocument([
      ...publishStatements,
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: topic.arn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]),
  });
  const subscriptions = options.emails.map(
    (email, i) => new SnsTopicSubscription(scope, `${prefix}Email${i}`, { topicArn: topic.arn, protocol: "email", endpoint: email }),
  );
  return { topic, key, policy, subscriptions };
}
