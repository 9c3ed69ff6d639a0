import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2ApiMapping } from "@cdktf/provider-aws/lib/apigatewayv2-api-mapping";
import { Apigatewayv2Authorizer } from "@cdktf/provider-aws/lib/apigatewayv2-authorizer";
import { Apigatewayv2DomainName } from "@cdktf/provider-aws/lib/apigatewayv2-domain-name";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { Apigatewayv2VpcLink } from "@cdktf/provider-aws/lib/apigatewayv2-vpc-link";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { PropProblem, PropsValidator, propProblems } from "../shared/errors";
import { isValidNamePrefix, NAME_PREFIX_RULE, resourceName } from "../_internal/naming";
import { replaceableSecurityGroup } from "../_internal/security-group";
import { AlarmThresholds, Monitorable, MonitoringSpec } from "../shared/monitorable";
import { HttpApiIntegration } from "./integrations";
import { httpApiMonitoringSpec } from "./monitoring";

/** A route of its own: a route key and the name of the integration that serves it. */
export interface HttpApiRoute {
  /** `METHOD /path` (`GET /users/{id}`, `ANY /files/{proxy+}`). */
  readonly routeKey: string;
  /** The name of an entry of `integrations`. */
  readonly integration: string;
  /**
   * `none` for a public route in an API with a JWT authorizer (a health check). Without an
   * authorizer every route is public.
   * @default "jwt" when the API has an authorizer
   */
  readonly authorization?: "jwt" | "none";
}

/** The HTTP methods API Gateway may allow in CORS. */
export type CorsMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS" | "*";

export interface HttpApiProps {
  /** Prefix of every resource name, `${project}-${environment}` (e.g. `acme-staging`). */
  readonly name: string;

  /**
   * Where requests go, by name: a `CloudMapIntegration` (a service in the VPC, over the VPC
   * link), a `LambdaIntegration`, a `LoadBalancerIntegration` (a listener, over the VPC link).
   * At least one.
   */
  readonly integrations: Readonly<Record<string, HttpApiIntegration>>;

  /**
   * The integration that serves the catch-all routes `ANY /` and `ANY /{proxy+}` (every request
   * no other route matches). Its construct id is `Integration`; the others' `Integration<Name>`.
   * @default - the only integration, when there is one; with several, no catch-all routes
   */
  readonly defaultIntegration?: string;

  /**
   * Whether the catch-all routes need a JWT: `none` when the backend behind them authenticates
   * requests itself and answers some without a user (a public feed), while routes of their own
   * keep the authorizer (`routes[].authorization`). Only with an authorizer (`jwtIssuer`).
   * @default "jwt" - with an authorizer, every route but the CORS preflights needs a token
   */
  readonly defaultAuthorization?: "jwt" | "none";

  /**
   * Routes of their own, each naming an integration (`{ routeKey: "GET /users/{id}", integration: "users" }`).
   * @default [] - only the catch-all routes
   */
  readonly routes?: readonly HttpApiRoute[];

  /**
   * The VPC of the backends inside it. Required when an integration needs the VPC link.
   * @default - no VPC link
   */
  readonly vpcId?: string;

  /**
   * Subnets for the VPC link's network interfaces: one or more, in the backends' VPC (private
   * ones suit). Required when an integration needs the VPC link.
   * @default - no VPC link
   */
  readonly subnetIds?: readonly string[];

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

  /**
   * A custom domain name for the API (`api.example.com`): a regional API Gateway domain name
   * (TLS 1.2, IPv4 and IPv6) mapped to the `$default` stage. With `certificateArn`. Point DNS at
   * `domainTarget` (the domain module's `aliasRecord` does).
   * @default - no custom domain: the API answers at its execute-api endpoint
   */
  readonly domainName?: string;

  /**
   * The ACM certificate covering `domainName`, in the API's region (a regional certificate, not
   * CloudFront's us-east-1 one unless the API is there too), issued: pass a validated
   * certificate's ARN (the domain module's `certificate(...).certificateArn`, read from the
   * validation), so the domain name waits for it. With `domainName`.
   * @default - no custom domain
   */
  readonly certificateArn?: string;

  /**
   * Turn off the default `https://<id>.execute-api.<region>.amazonaws.com` endpoint, so clients
   * reach the API through `domainName` only (one host to guard, log and throttle). Needs
   * `domainName`: without one the API would be unreachable.
   * @default true with `domainName`, false without
   */
  readonly disableExecuteApiEndpoint?: boolean;
}

/**
 * Where DNS points a custom domain: the regional API Gateway domain's name and hosted zone.
 * Shaped as the domain module's `AliasTarget`.
 */
export interface HttpApiDomainTarget {
  /** The API Gateway domain's own name (`d-abc123.execute-api.<region>.amazonaws.com`). */
  readonly dnsName: string;
  /** Its hosted zone id (API Gateway's, per region). */
  readonly zoneId: string;
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
 * An API Gateway HTTP API in front of its integrations: a service in the VPC through a VPC
 * link and Cloud Map (no load balancer), a Lambda function, or a load balancer's listener, each
 * route naming one. The VPC link exists only when an integration needs it. One `$default` stage with auto-deploy, JSON access logs, throttling,
 * optional CORS, an optional JWT authorizer and an optional custom domain (then the execute-api
 * endpoint is off by default).
 */
export class HttpApi extends Construct implements Monitorable {
  readonly api: Apigatewayv2Api;
  readonly apiId: string;
  /** The API's base URL, `https://<id>.execute-api.<region>.amazonaws.com`. */
  readonly apiEndpoint: string;
  readonly stage: Apigatewayv2Stage;
  /** The VPC link (only when an integration needs it). */
  readonly vpcLink?: Apigatewayv2VpcLink;
  readonly vpcLinkSecurityGroup?: SecurityGroup;
  /** The VPC link's security group id; backends in the VPC admit it on their port. */
  readonly securityGroupId?: string;
  /** The integrations, by the names `integrations` gave them. */
  readonly integrations: Readonly<Record<string, Apigatewayv2Integration>>;
  readonly routes: readonly Apigatewayv2Route[];
  readonly accessLogGroup: CloudwatchLogGroup;
  /** The JWT authorizer (only with `jwtIssuer`). */
  readonly authorizer?: Apigatewayv2Authorizer;
  /** The custom domain name (only with `domainName`). */
  readonly domainName?: Apigatewayv2DomainName;
  /** The custom domain's mapping to the `$default` stage (only with `domainName`). */
  readonly apiMapping?: Apigatewayv2ApiMapping;
  /** Where an alias record for `domainName` points (only with `domainName`). */
  readonly domainTarget?: HttpApiDomainTarget;
  /**
   * The URL clients call: `https://<domainName>` with a custom domain, else the execute-api
   * endpoint (`apiEndpoint`).
   */
  readonly url: string;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const s = validate(this, props);
    const prefix = resourceName(props.name, "http-api");

    this.api = new Apigatewayv2Api(this, "ApiGateway", {
      name: prefix,
      protocolType: "HTTP",
      description: `${props.name} API`,
      disableExecuteApiEndpoint: s.disableExecuteApiEndpoint ? true : undefined,
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

    if (s.needsVpcLink) {
      this.vpcLinkSecurityGroup = replaceableSecurityGroup(this, "VpcLinkSecurityGroup", {
        name: resourceName(props.name, "vpc-link"),
        description: `API Gateway VPC link of ${prefix}: out to the backend's port only`,
        vpcId: props.vpcId!,
      });
      this.securityGroupId = this.vpcLinkSecurityGroup.id;
      this.vpcLink = new Apigatewayv2VpcLink(this, "VpcLink", {
        name: resourceName(props.name, "vpc-link"),
        subnetIds: [...props.subnetIds!],
        securityGroupIds: [this.vpcLinkSecurityGroup.id],
        tags: { Name: resourceName(props.name, "vpc-link") },
        // A new security group replaces the link: make the new one before the integration lets go
        // of the old, or the API is down (or the delete fails) while the link is rebuilt.
        lifecycle: { createBeforeDestroy: true },
      });
    }

    const integrations: Record<string, Apigatewayv2Integration> = {};
    for (const [name, integration] of Object.entries(props.integrations)) {
      const idSuffix = name === s.defaultIntegration ? "" : pascal(name);
      integrations[name] = integration.bind({
        scope: this,
        id: `Integration${idSuffix}`,
        idSuffix,
        apiId: this.api.id,
        apiExecutionArn: this.api.executionArn,
        apiName: prefix,
        vpcLink: integration.needsVpcLink ? { id: this.vpcLink!.id, securityGroupId: this.vpcLinkSecurityGroup!.id } : undefined,
      });
    }
    this.integrations = integrations;

    if (s.jwt) {
      this.authorizer = new Apigatewayv2Authorizer(this, "JwtAuthorizer", {
        apiId: this.api.id,
        name: resourceName(props.name, "jwt"),
        authorizerType: "JWT",
        identitySources: ["$request.header.Authorization"],
        jwtConfiguration: { issuer: s.jwt.issuer, audience: [...s.jwt.audience] },
      });
    }

    const routes: Apigatewayv2Route[] = [];
    const route = (id: string, routeKey: string, integration: string, authorized: boolean): void => {
      routes.push(
        new Apigatewayv2Route(this, id, {
          apiId: this.api.id,
          routeKey,
          target: `integrations/${integrations[integration]!.id}`,
          authorizationType: authorized ? "JWT" : "NONE",
          authorizerId: authorized ? this.authorizer?.id : undefined,
        }),
      );
    };
    const authorized = this.authorizer !== undefined;
    const catchAllAuthorized = authorized && s.defaultAuthorization === "jwt";
    if (s.defaultIntegration !== undefined) {
      ROUTE_KEYS.forEach((routeKey, i) => route(i === 0 ? "RootRoute" : "ProxyRoute", routeKey, s.defaultIntegration!, catchAllAuthorized));
      if (catchAllAuthorized) {
        // ANY also matches OPTIONS: without these, a browser's CORS preflight (which carries no
        // token) would be refused by the authorizer. Preflights stay unauthenticated.
        PREFLIGHT_ROUTE_KEYS.forEach((routeKey, i) => route(i === 0 ? "RootPreflightRoute" : "ProxyPreflightRoute", routeKey, s.defaultIntegration!, false));
      }
    }
    const declared = new Set(s.routes.map((r) => r.routeKey));
    for (const r of s.routes) {
      const routeAuthorized = authorized && r.authorization !== "none";
      route(routeId(r.routeKey), r.routeKey, r.integration, routeAuthorized);
      const path = r.routeKey.slice(r.routeKey.indexOf(" ") + 1);
      if (routeAuthorized && r.routeKey.startsWith("ANY ") && !declared.has(`OPTIONS ${path}`)) {
        // The same reason as the catch-all's preflight routes.
        route(`${routeId(r.routeKey)}Preflight`, `OPTIONS ${path}`, r.integration, false);
      }
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

    if (s.domain !== undefined) {
      this.domainName = new Apigatewayv2DomainName(this, "DomainName", {
        domainName: s.domain.name,
        domainNameConfiguration: {
          certificateArn: s.domain.certificateArn,
          endpointType: "REGIONAL",
          securityPolicy: "TLS_1_2",
          // IPv6 too, so an AAAA alias beside the A one resolves; the API behind it needs nothing.
          ipAddressType: "dualstack",
        },
        tags: { Name: resourceName(props.name, "http-api-domain") },
      });
      this.apiMapping = new Apigatewayv2ApiMapping(this, "ApiMapping", {
        apiId: this.api.id,
        domainName: this.domainName.id,
        stage: this.stage.id,
      });
      this.domainTarget = {
        dnsName: this.domainName.domainNameConfiguration.targetDomainName,
        zoneId: this.domainName.domainNameConfiguration.hostedZoneId,
      };
      this.url = `https://${s.domain.name}`;
    } else {
      this.url = this.apiEndpoint;
    }
  }

  /** Alarms on 5xx responses and p99 latency, and a dashboard row (`Monitoring.watch(api)`). */
  monitoringSpec(thresholds: AlarmThresholds): MonitoringSpec {
    return httpApiMonitoringSpec({ id: this.node.id, apiId: this.apiId, stageName: this.stage.name }, thresholds);
  }
}

interface Settings {
  readonly needsVpcLink: boolean;
  readonly defaultIntegration?: string;
  readonly defaultAuthorization: "jwt" | "none";
  readonly routes: readonly HttpApiRoute[];
  readonly corsAllowOrigins: readonly string[];
  readonly corsAllowMethods: readonly CorsMethod[];
  readonly corsAllowHeaders: readonly string[];
  readonly corsAllowCredentials: boolean;
  readonly corsMaxAgeSeconds: number;
  readonly throttlingRateLimit: number;
  readonly throttlingBurstLimit: number;
  readonly logRetentionDays: number;
  readonly jwt?: { readonly issuer: string; readonly audience: readonly string[] };
  readonly domain?: { readonly name: string; readonly certificateArn: string };
  readonly disableExecuteApiEndpoint: boolean;
}

const CORS_METHODS: readonly CorsMethod[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "*"];
/** An origin as browsers send it: scheme, host, optional port; no path. https, or http for localhost only. */
const ORIGIN = /^(https:\/\/[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|http:\/\/(localhost|127\.0\.0\.1))(:\d{1,5})?$/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** Whether a CORS origin is acceptable to the module; exported so configs apply the same rule. */
export function isValidCorsOrigin(origin: string): boolean {
  return origin === "*" || ORIGIN.test(origin);
}

/**
 * Every problem with an `HttpApi`'s props, found before anything is built (none when they
 * hold). The environment config runs it to report the API's problems with the others'.
 */
export function httpApiPropProblems(props: HttpApiProps): readonly PropProblem[] {
  return propProblems(() => validate(undefined, props));
}

/** A custom domain name: lowercase labels, a top-level domain of letters (or `xn--`); no wildcard. */
const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
const INTEGRATION_NAME = /^[a-z][a-z0-9-]{0,31}$/;
const ROUTE_KEY = /^(ANY|GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) \/[A-Za-z0-9._~{}+/-]*$/;

function validate(scope: Construct | undefined, props: HttpApiProps): Settings {
  const v = new PropsValidator(scope, "HttpApi");
  v.check(isValidNamePrefix(props.name), "name", NAME_PREFIX_RULE, props.name);

  const names = Object.keys(props.integrations);
  v.check(names.length > 0, "integrations", "must name at least one integration (where requests go)", props.integrations);
  for (const name of names) {
    v.check(INTEGRATION_NAME.test(name), `integrations.${name}`, "must be named with 1 to 32 lowercase letters, digits and hyphens, starting with a letter", name);
    for (const problem of props.integrations[name]!.problems?.() ?? []) v.fail(`integrations.${name}.${problem.prop}`, problem.expected, problem.given);
  }
  const defaultIntegration = props.defaultIntegration ?? (names.length === 1 ? names[0] : undefined);
  if (props.defaultIntegration !== undefined) {
    v.check(names.includes(props.defaultIntegration), "defaultIntegration", `must name one of the integrations (${names.join(", ")})`, props.defaultIntegration);
  }
  const routes = props.routes ?? [];
  const jwtRoutes = props.jwtIssuer !== undefined;
  const defaultAuthorization = props.defaultAuthorization ?? "jwt";
  v.check(
    props.defaultAuthorization === undefined || jwtRoutes,
    "defaultAuthorization",
    "needs an authorizer (jwtIssuer and jwtAudience): without one every route is public; remove it or add the authorizer",
    props.defaultAuthorization,
  );
  v.check(["jwt", "none"].includes(defaultAuthorization), "defaultAuthorization", 'must be "jwt" or "none"', props.defaultAuthorization);
  const catchAllPreflights = jwtRoutes && defaultAuthorization === "jwt";
  const seen = new Set<string>(defaultIntegration === undefined ? [] : [...ROUTE_KEYS, ...(catchAllPreflights ? PREFLIGHT_ROUTE_KEYS : [])]);
  // Construct ids are Terraform addresses: two names that give the same id would collide.
  const ids = new Map<string, string>();
  const claim = (id: string, prop: string, given: unknown): void => {
    const holder = ids.get(id);
    if (holder !== undefined) v.fail(prop, `gives the construct id ${id}, as ${holder} does; rename one`, given);
    else ids.set(id, prop);
  };
  for (const name of names) {
    const suffix = name === defaultIntegration ? "" : pascal(name);
    claim(`Integration${suffix}`, `integrations.${name}`, name);
    // The catch-all's integration names what it adds VpcLinkToBackend and InvokeFunction.
    if (defaultIntegration !== undefined && (suffix === "Backend" || suffix === "Function")) {
      v.fail(`integrations.${name}`, `must not be named "${name}" beside a catch-all integration: the ids of what it adds (VpcLinkTo${suffix}, Invoke${suffix}) are the catch-all's; rename it`, name);
    }
  }
  routes.forEach((r, i) => {
    v.check(ROUTE_KEY.test(r.routeKey), `routes[${i}].routeKey`, 'must be "METHOD /path" (e.g. "GET /users/{id}"; methods ANY, GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS)', r.routeKey);
    v.check(!seen.has(r.routeKey), `routes[${i}].routeKey`, "must be unique (the catch-all integration already serves ANY / and ANY /{proxy+})", r.routeKey);
    seen.add(r.routeKey);
    claim(routeId(r.routeKey), `routes[${i}].routeKey`, r.routeKey);
    if (jwtRoutes && r.routeKey.startsWith("ANY ") && r.authorization !== "none") claim(`${routeId(r.routeKey)}Preflight`, `routes[${i}].routeKey`, r.routeKey);
    v.check(names.includes(r.integration), `routes[${i}].integration`, `must name one of the integrations (${names.join(", ")})`, r.integration);
  });
  if (defaultIntegration === undefined && routes.length === 0 && names.length > 0) {
    v.fail("routes", "must route to the integrations: with several, name the catch-all one in defaultIntegration or list routes", routes);
  }
  const needsVpcLink = names.some((name) => props.integrations[name]!.needsVpcLink);
  if (needsVpcLink) {
    v.check(props.vpcId !== undefined, "vpcId", "is required: an integration reaches its backend through the VPC link, which lives in the backend's VPC", props.vpcId);
    v.check(
      props.subnetIds !== undefined && (Token.isUnresolved(props.subnetIds) || props.subnetIds.length > 0),
      "subnetIds",
      "must list at least one subnet for the VPC link",
      props.subnetIds,
    );
  } else {
    for (const [prop, value] of [["vpcId", props.vpcId], ["subnetIds", props.subnetIds]] as const) {
      if (value !== undefined) v.fail(prop, "applies only with an integration that needs the VPC link (Cloud Map, load balancer); remove it", value);
    }
  }

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

  let domain: Settings["domain"];
  if ((props.domainName === undefined) !== (props.certificateArn === undefined)) {
    v.fail(
      props.domainName === undefined ? "certificateArn" : "domainName",
      "needs its partner: a custom domain takes both domainName and certificateArn (an issued ACM certificate in the API's region covering the name)",
      props.domainName ?? props.certificateArn,
    );
  } else if (props.domainName !== undefined && props.certificateArn !== undefined) {
    v.check(
      Token.isUnresolved(props.domainName) || DOMAIN_NAME.test(props.domainName),
      "domainName",
      'must be a lowercase DNS name without a trailing dot or wildcard (e.g. "api.example.com")',
      props.domainName,
    );
    v.check(
      Token.isUnresolved(props.certificateArn) || ACM_CERTIFICATE_ARN.test(props.certificateArn),
      "certificateArn",
      "must be an ACM certificate ARN (arn:aws:acm:<the API's region>:<account>:certificate/<id>)",
      props.certificateArn,
    );
    domain = { name: props.domainName, certificateArn: props.certificateArn };
  }
  const disableExecuteApiEndpoint = props.disableExecuteApiEndpoint ?? domain !== undefined;
  if (disableExecuteApiEndpoint && props.domainName === undefined) {
    v.fail("disableExecuteApiEndpoint", "can be true only with domainName: without a custom domain the API would be unreachable", true);
  }

  v.throwIfInvalid();
  return {
    needsVpcLink,
    defaultIntegration,
    defaultAuthorization,
    routes,
    corsAllowOrigins,
    corsAllowMethods,
    corsAllowHeaders,
    corsAllowCredentials,
    corsMaxAgeSeconds,
    throttlingRateLimit,
    throttlingBurstLimit,
    logRetentionDays,
    jwt,
    domain,
    disableExecuteApiEndpoint,
  };
}

/** `my-users` becomes `MyUsers`: the suffix of an integration's construct ids. */
function pascal(name: string): string {
  return name.split("-").map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join("");
}

/** `GET /users/{id}` becomes `RouteGetUsersId`: a route's construct id, stable while its key is. */
function routeId(routeKey: string): string {
  const words = routeKey.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 0);
  return `Route${words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("")}`;
}
