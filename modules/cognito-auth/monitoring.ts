import type { IConstruct } from "constructs";
import { AlarmSpec, dimensionList, kebabCase, MonitoringSpec } from "../shared/monitorable";

/** What the pool's alarms and graphs read: a `CognitoAuth` fits. */
export interface MonitoredUserPool extends IConstruct {
  readonly userPoolId: string;
  readonly clientId: string;
}

/** Cognito publishes its user pool metrics every five minutes. */
const PERIOD_SECONDS = 300;

const THROTTLES: readonly { metric: string; suffix: string; what: string }[] = [
  { metric: "SignInThrottles", suffix: "sign-in-throttles", what: "sign-ins" },
  { metric: "SignUpThrottles", suffix: "sign-up-throttles", what: "sign-ups" },
  { metric: "TokenRefreshThrottles", suffix: "token-refresh-throttles", what: "token refreshes" },
];

/**
 * The pool's alarms and dashboard row. Alarms, on the SPA's client of the pool (dimensions
 * `UserPool`, `UserPoolClient`, namespace `AWS/Cognito`): any throttled sign-in, sign-up or token
 * refresh in five minutes. A throttled request is a user turned away: the account's request
 * rate quota for that category is reached (raise it in Service Quotas), or someone is hammering
 * the pool. No threshold applies, and no data (no traffic) is not a breach.
 */
export function userPoolMonitoringSpec(pool: MonitoredUserPool): MonitoringSpec {
  const key = pool.node.id;
  const name = kebabCase(key);
  const dimensions = { UserPool: pool.userPoolId, UserPoolClient: pool.clientId };
  const d = dimensionList(dimensions);
  const alarms: AlarmSpec[] = THROTTLES.map(({ metric, suffix, what }) => ({
    id: `${key}${metric}`,
    name: `${name}-${suffix}`,
    description: `Cognito throttled ${what} of the user pool's client in five minutes: users were turned away. Check the pool's request rate quotas in Service Quotas, and whether the traffic is an attack.`,
    namespace: "AWS/Cognito",
    metricName: metric,
    dimensions,
    statistic: "Sum",
    periodSeconds: PERIOD_SECONDS,
    evaluationPeriods: 1,
    threshold: 0,
    comparison: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
  }));
  return {
    title: `Sign-in (${key})`,
    graphs: [
      {
        title: "Successes",
        metrics: [
          ["AWS/Cognito", "SignInSuccesses", ...d, { stat: "Sum" }],
          ["AWS/Cognito", "SignUpSuccesses", ...d, { stat: "Sum" }],
          ["AWS/Cognito", "TokenRefreshSuccesses", ...d, { stat: "Sum" }],
        ],
      },
      {
        title: "Throttles",
        metrics: THROTTLES.map(({ metric }) => ["AWS/Cognito", metric, ...d, { stat: "Sum" }]),
      },
    ],
    alarms,
  };
}
