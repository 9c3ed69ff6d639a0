import { fail, pass, Rule } from "../../types";

/**
 * A topic sets `kms_master_key_id` to a customer-managed key. The AWS-managed `alias/aws/sns`
 * fails too: its key policy cannot be changed to let CloudWatch alarms or EventBridge use the
 * key, so their messages to the topic are dropped.
 */
export const snsTopicEncrypted: Rule = {
  id: "sns-topic-encrypted",
  checkov: "CKV_AWS_26",
  trivy: "AVD-AWS-0095",
  level: "error",
  resourceTypes: ["aws_sns_topic"],
  summary: "SNS topic not encrypted with a customer-managed KMS key",
  why: "Messages (alerts, events, sometimes personal data) are stored unencrypted by SNS until delivered; a customer-managed key encrypts them and controls who may publish and read.",
  check(topic) {
    const key = topic.values.kms_master_key_id;
    if (key === undefined || key === null || key === "") return fail("kms_master_key_id is not set");
    if (typeof key === "string" && /(^|:)alias\/aws\/sns$/.test(key)) {
      return fail(
        `kms_master_key_id is ${key}, the AWS-managed key, whose policy does not let CloudWatch or EventBridge publish: use a customer-managed key so alarms are delivered`,
      );
    }
    return pass();
  },
};
