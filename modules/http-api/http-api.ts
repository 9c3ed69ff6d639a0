import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Authorizer } from "@cdktf/provider-aws/lib/apigatewayv2-authorizer";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { Apigatewayv2VpcLink } from "@cdktf/provider-aws/lib/apigatewayv2-vpc-link";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { PropsValidator } from "../shared/errors";
import { isValidNamePrefix, NAME_PREFIX_RULE, resourceName } from "../_internal/naming";
import { replaceableSecurityGroup, tcpEgressToGroup } from "../_internal/security-group";

/**
 * What the API sends requests to: a service registered in Cloud Map with SRV records, behind a
 * security group. `FargateService` is one.
 */
export interface HttpApiBackend {
  /** The Cloud Map service (with SRV records) the integration resolves. */
  readonly cloudMapServiceArn: string;
  /** The port the backend listens on. */
  readonly containerPort: number;
  /** The backend's security group. */
  readonly securityGroupId: string;
  /** Lets a security group's members reach the backend's port. */
  allowFrom(id: string, peer: { readonly securityGroupId: string }, description: string): unknown;
}

/** The HTTP methods API Gateway may allow in CORS. */
export type CorsMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS" | "*";

export interface HttpApiProps {
  /** Prefix of every resource name, `${project}-${environment}` (e.g. `acme-staging`). */
  readonly name: string;

  /** The VPC of the backend. */
  readonly vpcId: string;

  /** Subnets for the VPC link's network interfaces: one or more, in the backend's VPC. */
  readonly subnetIds: readonly string[];

  /** The service requests go to. Its security group is opened to the VPC link's, on its port only. */
  readonly backend: HttpApiBackend;

  /**
   * Origins browsers may call the API from: `https://host[:port]`, `http://localhost[:port]`
   * for local development, or `"*"` alone (any site; never for an API behind a login).
   * @default [] - no CORS: browsers on other origins cannot read responses
   */
  readonly corsAllowOrigins?: readonly string[];

  /**
   * Methods allowed in cross-origin requests.
   * @default ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
   */
  readonly corsAllowMethods?: readonly CorsMethod[];

  /**
   * Request headers allowed in cross-origin requests.
   * @default ["authorization", "content-type"]
   */
  readonly corsAllowHeaders?: readonly string[];

  /**
   * Let cross-origin requests carry cookies and HTTP authentication. Not with origin `"*"`.
   * @default false
   */
  readonly corsAllowCredentials?: boolean;

  /**
   * Seconds a browser may cache a preflight answer.
   * @default 3600
   */
  readonly corsMaxAgeSeconds?: number;

  /**
   * Steady-state requests per second the API accepts before answering 429 (all routes).
   * @default 100
   */
  readonly throttlingRateLimit?: number;

  /**
   * Requests the API accepts in a burst above the rate.
   * @default 200
   */
  readonly throttlingBurstLimit?: number;

  /**
   * Retention of the access log group, in days.
   * @default 30
   */
  readonly logRetentionDays?: number;

  /**
   * Issuer URL of the JWTs the API requires (e.g. a Cognito user pool's
   * `https://cognito-idp.<region>.amazonaws.com/<pool id>`). With `jwtAudience`.
   * @default - no authorizer: the backend authenticates requests itself
   */
  readonly jwtIssuer?: string;

  /**
   * Audiences (client ids) a JWT must be issued for. With `jwtIssuer`.
   * @default - no authorizer
   */
  readonly jwtAudience?: readonly string[];
}

/** The access log line: one JSON object per request. */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  ip: "$context.identity.sourceIp",
  requestTime: "$context.requestTime",
  httpMethod: "$context.httpMethod",
  routeKey: "$context.routeKey",
  path: "$context.path",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationLatency: "$context.integrationLatency",
  integrationStatus: "$context.integrationStatus",
  integrationError: "$context.integrationErrorMessage",
  authorizerError: "$context.authorizer.error",
  userAgent: "$context.identity.userAgent",
});

/** The routes the API answers: everything, passed to the backend as is. */
export const ROUTE_KEYS = ["ANY /", "ANY /{proxy+}"] as const;
/** With a JWT authorizer, CORS preflight requests get routes of their own, without authorization. */
export const PREFLIGHT_ROUTE_KEYS = ["OPTIONS /", "OPTIONS /{proxy+}"] as const;

/**
 * An API Gateway HTTP API in front of a service in the VPC, through a VPC link and Cloud Map:
 * no load balancer. One `$default` stage with auto-deploy, JSON access logs, throttling,
 * optional CORS and an optional JWT authorizer.
 */
export class HttpApi extends Construct {
  readonly api: Apigatewayv2Api;
  readonly apiId: string;
  /** The API's base URL, `https://<id>.execute-api.<region>.amazonaws.com`. */
  readonly apiEndpoint: string;
  readonly stage: Apigatewayv2Stage;
  readonly vpcLink: Apigatewayv2VpcLink;
  readonly vpcLinkSecurityGroup: SecurityGroup;
  /** The VPC link's security group id; the backend admits it on its port. */
  readonly securityGroupId: string;
  readonly integration: Apigatewayv2Integration;
  readonly routes: readonly Apigatewayv2Route[];
  readonly accessLogGroup: CloudwatchLogGroup;
  /** The JWT authorizer (only with `jwtIssuer`). */
  readonly authorizer?: Apigatewayv2Authorizer;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const s = validate(this, props);
    const prefix = resourceName(props.name, "http-api");

    this.api = new Apigatewayv2Api(this, "ApiGateway", {
      name: prefix,
      protocolType: "HTTP",
      description: `${props.name} API`,
      corsConfiguration:
        s.corsAllowOrigins.length === 0
          ? undefined
          : {
              allowOrigins: [...s.corsAllowOrigins],
              allowMethods: [...s.corsAllowMethods],
              allowHeaders: [...s.corsAllowHeaders],
              allowCredentials: s.corsAllowCredentials,
              maxAge: s.corsMaxAgeSeconds,
            },
      tags: { Name: prefix },
    });
    this.apiId = this.api.id;
    this.apiEndpoint = this.api.apiEndpoint;

    this.vpcLinkSecurityGroup = replaceableSecurityGroup(this, "VpcLinkSecurityGroup", {
      name: resourceName(props.name, "vpc-link"),
      description: `API Gateway VPC link of ${prefix}: out to the backend's port only`,
      vpcId: props.vpcId,
    });
    this.securityGroupId = this.vpcLinkSecurityGroup.id;
    tcpEgressToGroup(this, "VpcLinkToBackend", {
      securityGroupId: this.vpcLinkSecurityGroup.id,
      peerSecurityGroupId: props.backend.securityGroupId,
      port: props.backend.containerPort,
      description: "Requests to the backend",
    });
    props.backend.allowFrom("ApiGatewayVpcLink", { securityGroupId: this.vpcLinkSecurityGroup.id }, `API Gateway VPC link of ${prefix}`);

    this.vpcLink = new Apigatewayv2VpcLink(this, "VpcLink", {
      name: resourceName(props.name, "vpc-link"),
      subnetIds: [...props.subnetIds],
      securityGroupIds: [this.vpcLinkSecurityGroup.id],
      tags: { Name: resourceName(props.name, "vpc-link") },
      // A new security group replaces the link: make the new one before the integration lets go
      // of the old, or the API is down (or the delete fails) while the link is rebuilt.
      lifecycle: { createBeforeDestroy: true },
    });

    this.integration = new Apigatewayv2Integration(this, "Integration", {
      apiId: this.api.id,
      description: "Every request to the backend's Cloud Map service, over the VPC link",
      integrationType: "HTTP_PROXY",
      integrationMethod: "ANY",
      integrationUri: props.backend.cloudMapServiceArn,
      connectionType: "VPC_LINK",
      connectionId: this.vpcLink.id,
      payloadFormatVersion: "1.0",
      timeoutMilliseconds: 30000,
    });

    if (s.jwt) {
      this.authorizer = new Apigatewayv2Authorizer(this, "JwtAuthorizer", {
        apiId: this.api.id,
        name: resourceName(props.name, "jwt"),
        authorizerType: "JWT",
        identitySources: ["$request.header.Authorization"],
        jwtConfiguration: { issuer: s.jwt.issuer, audience: [...s.jwt.audience] },
      });
    }

    const routes = ROUTE_KEYS.map(
      (routeKey, i) =>
        new Apigatewayv2Route(this, i === 0 ? "RootRoute" : "ProxyRoute", {
          apiId: this.api.id,
          routeKey,
          target: `integrations/${this.integration.id}`,
          authorizationType: this.authorizer ? "JWT" : "NONE",
          authorizerId: this.authorizer?.id,
        }),
    );
    if (this.authorizer) {
      // ANY also matches OPTIONS: without these, a browser's CORS preflight (which carries no
      // token) would be refused by the authorizer. Preflights stay unauthenticated.
      PREFLIGHT_ROUTE_KEYS.forEach((routeKey, i) => {
        routes.push(
          new Apigatewayv2Route(this, i === 0 ? "RootPreflightRoute" : "ProxyPreflightRoute", {
            apiId: this.api.id,
            routeKey,
            target: `integrations/${this.integration.id}`,
            authorizationType: "NONE",
          }),
        );
      });
    }
    this.routes = routes;

    this.accessLogGroup = new CloudwatchLogGroup(this, "AccessLogGroup", {
      name: `/${props.name}/http-api/access`,
      retentionInDays: s.logRetentionDays,
      tags: { Name: resourceName(props.name, "http-api-access") },
    });

    this.stage = new Apigatewayv2Stage(this, "DefaultStage", {
      apiId: this.api.id,
      name: "$default",
      autoDeploy: true,
      accessLogSettings: { destinationArn: this.accessLogGroup.arn, format: ACCESS_LOG_FORMAT },
      defaultRouteSettings: {
        throttlingRateLimit: s.throttlingRateLimit,
        throttlingBurstLimit: s.throttlingBurstLimit,
        detailedMetricsEnabled: false,
      },
      tags: { Name: prefix },
    });
  }
}

interface Settings {
  readonly corsAllowOrigins: readonly string[];
  readonly corsAllowMethods: readonly CorsMethod[];
  readonly corsAllowHeaders: readonly string[];
  readonly corsAllowCredentials: boolean;
  readonly corsMaxAgeSeconds: number;
  readonly throttlingRateLimit: number;
  readonly throttlingBurstLimit: number;
  readonly logRetentionDays: number;
  readonly jwt?: { readonly issuer: string; readonly audience: readonly string[] };
}

const CORS_METHODS: readonly CorsMethod[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "*"];
/** An origin as browsers send it: scheme, host, optional port; no path. https, or http for localhost only. */
const ORIGIN = /^(https:\/\/[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|http:\/\/(localhost|127\.0\.0\.1))(:\d{1,5})?$/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** Whether a CORS origin is acceptable to the module; exported so configs apply the same rule. */
export function isValidCorsOrigin(origin: string): boolean {
  return origin === "*" || ORIGIN.test(origin);
}

function validate(scope: Construct, props: HttpApiProps): Settings {
  const v = new PropsValidator(scope, "HttpApi");
  v.check(isValidNamePrefix(props.name), "name", NAME_PREFIX_RULE, props.name);
  v.check(
    Token.isUnresolved(props.subnetIds) || props.subnetIds.length > 0,
    "subnetIds",
    "must list at least one subnet for the VPC link",
    props.subnetIds,
  );
  v.checkWholeNumber("backend.containerPort", props.backend.containerPort, 1, 65535);

  const corsAllowOrigins = props.corsAllowOrigins ?? [];
  corsAllowOrigins.forEach((origin, i) => {
    v.check(
      isValidCorsOrigin(origin),
      `corsAllowOrigins[${i}]`,
      'must be an origin such as "https://www.example.com" (https, no path or trailing slash; http only for localhost), or "*"',
      origin,
    );
  });
  if (corsAllowOrigins.includes("*") && corsAllowOrigins.length > 1) {
    v.fail("corsAllowOrigins", 'must be "*" alone or a list of origins, not both', corsAllowOrigins);
  }
  const corsAllowCredentials = props.corsAllowCredentials ?? false;
  if (corsAllowCredentials && corsAllowOrigins.includes("*")) {
    v.fail("corsAllowCredentials", 'cannot be true with origin "*": browsers refuse credentials for any-origin responses; list the origins', true);
  }
  const corsAllowMethods = props.corsAllowMethods ?? ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
  corsAllowMethods.forEach((method, i) => {
    v.check(CORS_METHODS.includes(method), `corsAllowMethods[${i}]`, `must be one of ${CORS_METHODS.join(", ")}`, method);
  });
  const corsAllowHeaders = props.corsAllowHeaders ?? ["authorization", "content-type"];
  corsAllowHeaders.forEach((header, i) => {
    v.check(HEADER_NAME.test(header), `corsAllowHeaders[${i}]`, "must be an HTTP header name", header);
  });
  const corsMaxAgeSeconds = props.corsMaxAgeSeconds ?? 3600;
  v.checkWholeNumber("corsMaxAgeSeconds", corsMaxAgeSeconds, 0, 86400, { unit: "seconds" });
  if (corsAllowOrigins.length === 0) {
    for (const [prop, value] of [
      ["corsAllowMethods", props.corsAllowMethods],
      ["corsAllowHeaders", props.corsAllowHeaders],
      ["corsAllowCredentials", props.corsAllowCredentials],
      ["corsMaxAgeSeconds", props.corsMaxAgeSeconds],
    ] as const) {
      if (value !== undefined) v.fail(prop, "applies only with corsAllowOrigins; add the origins or drop it", value);
    }
  }

  const throttlingRateLimit = props.throttlingRateLimit ?? 100;
  const throttlingBurstLimit = props.throttlingBurstLimit ?? 200;
  v.check(
    throttlingRateLimit > 0 && throttlingRateLimit <= 10000,
    "throttlingRateLimit",
    "must be above 0 and at most 10000 requests per second (the account's default quota)",
    throttlingRateLimit,
  );
  v.checkWholeNumber("throttlingBurstLimit", throttlingBurstLimit, 1, 5000, { why: "the account's default burst quota" });
  const logRetentionDays = props.logRetentionDays ?? 30;
  v.checkLogRetention("logRetentionDays", logRetentionDays);

  let jwt: Settings["jwt"];
  if ((props.jwtIssuer === undefined) !== (props.jwtAudience === undefined)) {
    v.fail(
      props.jwtIssuer === undefined ? "jwtAudience" : "jwtIssuer",
      "needs its partner: a JWT authorizer takes both jwtIssuer and jwtAudience",
      props.jwtIssuer ?? props.jwtAudience,
    );
  } else if (props.jwtIssuer !== undefined && props.jwtAudience !== undefined) {
    v.check(
      Token.isUnresolved(props.jwtIssuer) || /^https:\/\/[^\s/]+(\/\S*)?$/.test(props.jwtIssuer),
      "jwtIssuer",
      "must be an https URL (the token issuer, e.g. https://cognito-idp.<region>.amazonaws.com/<user pool id>)",
      props.jwtIssuer,
    );
    v.check(
      Token.isUnresolved(props.jwtAudience) || (props.jwtAudience.length > 0 && props.jwtAudience.every((a) => a.length > 0)),
      "jwtAudience",
      "must list at least one non-empty audience (client id)",
      props.jwtAudience,
    );
    jwt = { issuer: props.jwtIssuer, audience: props.jwtAudience };
  }

  v.throwIfInvalid();
  return {
    corsAllowOrigins,
    corsAllowMethods,
    corsAllowHeaders,
    corsAllowCredentials,
    corsMaxAgeSeconds,
    throttlingRateLimit,
    throttlingBurstLimit,
    logRetentionDays,
    jwt,
  };
}
