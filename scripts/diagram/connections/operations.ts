/** Connections of operations: alarms on another module's metrics, alarm actions, EventBridge targets, email notifications. */
import { block, literal } from "../../../inspect";
import { resourceName } from "../containers";
import { StackModel, StackResource, unique } from "../stack";
import { Connection, EMAIL, pathOf, paths } from "./connection";

/** The resources an alarm's dimensions name: by reference, or by a literal name or identifier. */
function dimensionTargets(model: StackModel, alarm: StackResource): StackResource[] {
  const dimensions = block(alarm.values.dimensions) ?? {};
  const targets = model.referencesIn(dimensions).map((ref) => ref.resource);
  for (const value of Object.values(dimensions)) {
    const text = literal(value);
    if (text === undefined) continue;
    const named = model.resources.find(
      (r) => r.type !== "aws_cloudwatch_metric_alarm" && (literal(r.values.identifier) === text || literal(r.values.name) === text || literal(r.values.function_name) === text),
    );
    if (named !== undefined) targets.push(named);
  }
  return unique(targets);
}

/** Alarms on another module's metrics (the watcher points at what it watches), and alarm actions on another module's topic. */
export function alarmConnections(model: StackModel): Connection[] {
  const watched = new Map<string, { from: string; to: string; metrics: string[]; alarms: StackResource[] }>();
  const connections: Connection[] = [];
  for (const alarm of model.ofType("aws_cloudwatch_metric_alarm")) {
    for (const module of unique(dimensionTargets(model, alarm).map((t) => t.module))) {
      if (module === alarm.module) continue;
      const key = `${alarm.module}|${module}`;
      const entry = watched.get(key) ?? { from: alarm.module, to: module, metrics: [], alarms: [] };
      entry.metrics.push(literal(alarm.values.metric_name) ?? "a metric");
      entry.alarms.push(alarm);
      watched.set(key, entry);
    }
    for (const topic of unique(model.referencesIn([alarm.values.alarm_actions, alarm.values.ok_actions]).map((ref) => ref.resource))) {
      if (topic.module === alarm.module || topic.type !== "aws_sns_topic") continue;
      connections.push({
        from: alarm.module,
        to: topic.module,
        label: "Alarm state changes",
        technology: "SNS",
        detail: `Publishes the state changes of alarm ${resourceName(alarm)}`,
        via: `alarm actions to topic ${resourceName(topic)}`,
        evidence: [pathOf(alarm)],
        order: 4,
      });
    }
  }
  for (const entry of watched.values()) {
    const n = entry.alarms.length;
    connections.push({
      from: entry.from,
      to: entry.to,
      label: "Watches",
      technology: n === 1 ? "1 alarm" : `${n} alarms`,
      detail: `Alarms on ${unique(entry.metrics).join(", ")}`,
      via: n === 1 ? "1 CloudWatch alarm" : `${n} CloudWatch alarms`,
      evidence: paths(entry.alarms),
      order: 4,
    });
  }
  return connections;
}

/** EventBridge rules whose target is in another module. */
export function eventConnections(model: StackModel): Connection[] {
  return model.ofType("aws_cloudwatch_event_target").flatMap((target) => {
    const destination = model.target(target.values.arn);
    const rule = model.target(target.values.rule);
    if (destination === undefined || destination.module === target.module) return [];
    const description = literal(rule?.values.description);
    return [
      {
        from: target.module,
        to: destination.module,
        label: description ?? "Sends events",
        technology: "EventBridge",
        detail: description ?? `Sends the events of rule ${rule !== undefined ? resourceName(rule) : "?"}`,
        via: `EventBridge rule target: ${destination.type.replace(/^aws_/, "").replace(/_/g, " ")} ${resourceName(destination)}`,
        evidence: paths([target, ...(rule !== undefined ? [rule] : [])]),
        order: 4,
      },
    ];
  });
}

/** Email subscriptions: the topic's module mails the recipients what its alarms and rules publish. */
export function notificationConnections(model: StackModel): Connection[] {
  const subscriptions = model.ofType("aws_sns_topic_subscription").filter((s) => /^email/.test(literal(s.values.protocol) ?? ""));
  const topics = unique(subscriptions.map((s) => model.target(s.values.topic_arn)).filter((t): t is StackResource => t !== undefined));
  return topics.map((topic) => {
    const alarms = model.ofType("aws_cloudwatch_metric_alarm").filter((a) => model.referencesIn(a.values.alarm_actions).some((ref) => ref.resource === topic));
    const recoveries = alarms.some((a) => model.referencesIn(a.values.ok_actions).some((ref) => ref.resource === topic));
    const targets = model.ofType("aws_cloudwatch_event_target").filter((t) => model.target(t.values.arn) === topic);
    const rules = unique(targets.map((t) => model.target(t.values.rule)).filter((r): r is StackResource => r !== undefined));
    const what: string[] = [];
    const from: string[] = [];
    if (alarms.length > 0) {
      what.push(recoveries ? "Alarms and recoveries" : "Alarms");
      from.push(alarms.length === 1 ? "1 CloudWatch alarm" : `${alarms.length} CloudWatch alarms`);
    }
    const events: string[] = [];
    for (const rule of rules) {
      const description = literal(rule.values.description);
      what.push(description ?? `Events of rule ${resourceName(rule)}`);
      events.push(`each event of rule ${resourceName(rule)}${description !== undefined ? ` (${description})` : ""}`);
      from.push(`EventBridge rule ${resourceName(rule)}`);
    }
    const encrypted = topic.values.kms_master_key_id !== undefined ? " (KMS-encrypted)" : "";
    const ofTopic = subscriptions.filter((s) => model.target(s.values.topic_arn) === topic);
    return {
      from: topic.module,
      to: EMAIL,
      label: what.join("; ") || "Topic messages",
      technology: rules.length > 0 && alarms.length === 0 ? "EventBridge, SNS email" : "SNS email",
      detail: `Emails ${[...(alarms.length > 0 ? [recoveries ? "alarms and recoveries" : "alarms"] : []), ...events].join("; ") || "the topic's messages"}`,
      via: [from.join(", "), `SNS topic ${resourceName(topic)}${encrypted}`, `${ofTopic.length === 1 ? "1 email subscription" : `${ofTopic.length} email subscriptions`}`]
        .filter((t) => t !== "")
        .join(" → "),
      evidence: paths([topic, ...targets, ...rules, ...ofTopic]),
      order: 4,
    };
  });
}
