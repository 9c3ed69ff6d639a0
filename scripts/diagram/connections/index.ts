/**
 * The connections of the diagram, each read from the synthesized stack and traced to the
 * resources that make it: security group rules between modules, internet egress through the
 * network's gateways, API Gateway integrations, CloudFront origins, IAM grants on another
 * module's resources, EventBridge targets and alarm actions, functions' failure destinations, alarms on another module's metrics,
 * email subscriptions, pipeline sources, user pool triggers, stream and bucket notifications to functions, and the ways in from
 * the browser (the site, the API, sign-in, uploads) and the team's CI.
 * One file per kind of connection.
 */
import { literal } from "../../../inspect";
import { compareText, StackModel, unique } from "../stack";
import type { Connection, Externals } from "./connection";
import { failureConnections } from "./functions";
import { grantConnections } from "./grants";
import { internetEgressConnections, securityGroupConnections } from "./network";
import { alarmConnections, eventConnections, notificationConnections } from "./operations";
import { teamConnections, userConnections } from "./people";
import { integrationConnections, originConnections } from "./requests";
import { pipelineSources, sourceConnections } from "./sources";
import { signInConnections, triggerConnections } from "./triggers";

export { EMAIL, sentence, SOURCE, TEAM, USER } from "./connection";
export type { Connection, Externals } from "./connection";

/** Every connection the stack makes, sorted by origin, destination and order. */
export function connectionsOf(model: StackModel): Connection[] {
  const all = [
    ...userConnections(model),
    ...signInConnections(model),
    ...teamConnections(model),
    ...triggerConnections(model),
    ...integrationConnections(model),
    ...originConnections(model),
    ...securityGroupConnections(model),
    ...internetEgressConnections(model),
    ...grantConnections(model),
    ...eventConnections(model),
    ...failureConnections(model),
    ...alarmConnections(model),
    ...notificationConnections(model),
    ...sourceConnections(model),
  ];
  return all.sort(
    (a, b) =>
      compareText(a.from, b.from) ||
      compareText(a.to, b.to) ||
      a.order - b.order ||
      compareText(a.via, b.via) ||
      compareText(a.label, b.label) ||
      compareText(a.detail, b.detail),
  );
}

/** The email addresses and the source repository, for the outside systems' boxes. */
export function externalsOf(model: StackModel): Externals {
  const emails = unique(
    model
      .ofType("aws_sns_topic_subscription")
      .filter((s) => /^email/.test(literal(s.values.protocol) ?? ""))
      .map((s) => literal(s.values.endpoint) ?? "an address from a variable"),
  ).sort(compareText);
  const sources = pipelineSources(model);
  return {
    emails,
    source: sources.length > 0 ? { provider: unique(sources.map((s) => s.provider)).join(", "), repositories: unique(sources.map((s) => s.repository)).sort(compareText) } : undefined,
  };
}
