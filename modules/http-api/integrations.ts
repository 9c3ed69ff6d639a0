import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Construct } from "constructs";
import { tcpEgressToGroup } from "../_internal/security-group";
import { PropProblem, PropsValidator } from "../shared/errors";

/** What an integration is given when the API binds it: where to create its resources, and the API's handles. */
export interface IntegrationBindContext {
  /** The `HttpApi` construct: the integration's resources go in its scope. */
  readonly scope: Construct;
  /** The integration's construct id (`Integration` for the catch-all routes' integration, `Integration<Name>` for others). */
  readonly id: string;
  /** `""` for the catch-all routes' integration, the integration's name in PascalCase for others: suffixes the ids of what it adds. */
  readonly idSuffix: string;
  readonly apiId: string;
  /** The API's execution ARN, `arn:aws:execute-api:<region>:<account>:<api id>`. */
  readonly apiExecutionArn: string;
  /** The resource-name prefix of the API, `<name>-http-api`. */
  readonly apiName: string;
  /** The VPC link, present exactly when the integration says it needs one. */
  readonly vpcLink?: { readonly id: string; readonly securityGroupId: string };
}

/**
 * Where an HTTP API sends a route's requests. One implementation per kind of backend: a
 * service in Cloud Map over the VPC link ({@link CloudMapIntegration}), a Lambda function
 * ({@link LambdaIntegration}), or a load balancer's listener over the VPC link
 * ({@link LoadBalancerIntegration}). The API creates the VPC link only when an integration
 * needs it.
 */
export interface HttpApiIntegration {
  /** Whether requests reach the backend through the API's VPC link (a backend inside the VPC). */
  readonly needsVpcLink: boolean;
  /** What is wrong with the integration's settings (props relative to it, e.g. `backend.containerPort`); the API reports them under `integrations.<name>`. */
  problems?(): readonly PropProblem[];
  /** Creates the integration (and what it needs: security group rules, an invoke permission). */
  bind(context: IntegrationBindContext): Apigatewayv2Integration;
}

/** A security group whose members can be let in on a port: a `FargateService` is one. */
export interface IngressTarget {
  readonly securityGroupId: string;
  /** Lets a security group's members reach the target's port. */
  allowFrom(id: string, peer: { readonly securityGroupId: string }, description: string): unknown;
}

/** What a Cloud Map integration reaches: a service registered with SRV records. A `FargateService` with service discovery fits. */
export interface CloudMapBackend extends IngressTarget {
  /** The Cloud Map service (with SRV records) the integration resolves; undefined when the service registers none. */
  readonly cloudMapServiceArn: string | undefined;
  /** The port the backend listens on. */
  readonly containerPort: number;
}

/** Runs checks on a validator that collects (never throws) and returns what it found. */
function collect(checks: (v: PropsValidator) => void): readonly PropProblem[] {
  const v = new PropsValidator(undefined, "HttpApi");
  checks(v);
  return v.problems;
}

/** The VPC link's egress to the backend, and the backend's ingress from the link. */
function openPath(context: IntegrationBindContext, backend: IngressTarget, port: number, what: string): void {
  const link = context.vpcLink!;
  tcpEgressToGroup(context.scope, `VpcLinkTo${context.idSuffix || "Backend"}`, {
    securityGroupId: link.securityGroupId,
    peerSecurityGroupId: backend.securityGroupId,
    port,
    description: `Requests to the ${what}`,
  });
  backend.allowFrom(`ApiGatewayVpcLink${context.idSuffix}`, { securityGroupId: link.securityGroupId }, `API Gateway VPC link of ${context.apiName}`);
}

/** An HTTP proxy to a backend inside the VPC (a Cloud Map service or a listener), over the VPC link. */
function privateIntegration(context: IntegrationBindContext, integrationUri: string, description: string, serverNameToVerify?: string): Apigatewayv2Integration {
  return new Apigatewayv2Integration(context.scope, context.id, {
    apiId: context.apiId,
    description,
    integrationType: "HTTP_PROXY",
    integrationMethod: "ANY",
    integrationUri,
    connectionType: "VPC_LINK",
    connectionId: context.vpcLink!.id,
    payloadFormatVersion: "1.0",
    timeoutMilliseconds: 30000,
    tlsConfig: serverNameToVerify === undefined ? undefined : { serverNameToVerify },
  });
}

/**
 * Requests to a service in the VPC through the VPC link and its Cloud Map SRV record, with no
 * load balancer: ECS keeps the record up to date with the running tasks' addresses and ports.
 * The backend's security group is opened to the link's on its port only.
 */
export class CloudMapIntegration implements HttpApiIntegration {
  readonly needsVpcLink = true;

  constructor(readonly backend: CloudMapBackend) {}

  problems(): readonly PropProblem[] {
    return collect((v) => {
      v.check(
        this.backend.cloudMapServiceArn !== undefined,
        "backend.cloudMapServiceArn",
        "is needed: the backend registers no Cloud Map service (give the FargateService serviceDiscovery, or use a load balancer integration)",
        this.backend.cloudMapServiceArn,
      );
      v.checkWholeNumber("backend.containerPort", this.backend.containerPort, 1, 65535);
    });
  }

  bind(context: IntegrationBindContext): Apigatewayv2Integration {
    openPath(context, this.backend, this.backend.containerPort, "backend");
    return privateIntegration(context, this.backend.cloudMapServiceArn!, "Every request to the backend's Cloud Map service, over the VPC link");
  }
}

/**
 * What a Lambda integration invokes: a function's name and ARN, and optionally an alias of it.
 * The lambda-function module's `LambdaFunction` fits (its `qualifier` is its alias).
 */
export interface LambdaBackend {
  readonly functionName: string;
  /** The function's ARN, unqualified. */
  readonly functionArn: string;
  /**
   * The alias (or version) to invoke: the integration's URI is then `<functionArn>:<qualifier>`,
   * and the invoke permission is for that alias only.
   * @default - the unqualified function ($LATEST), and a permission on the function itself
   */
  readonly qualifier?: string;
}

/** An alias name or a version number, as a Lambda permission's `qualifier` takes it. */
const LAMBDA_QUALIFIER = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Requests to a Lambda function, or an alias of it (payload format 2.0, AWS_PROXY), with a
 * permission that lets this API only, on any of its routes and stages, invoke it. API Gateway
 * waits at most 30 seconds (`timeoutMilliseconds`), whatever the function's own timeout.
 */
export class LambdaIntegration implements HttpApiIntegration {
  readonly needsVpcLink = false;

  constructor(
    readonly backend: LambdaBackend,
    readonly options: {
      /**
       * Milliseconds API Gateway waits for the function (50 to 30000).
       * @default 30000
       */
      readonly timeoutMilliseconds?: number;
    } = {},
  ) {}

  problems(): readonly PropProblem[] {
    const timeout = this.options.timeoutMilliseconds;
    const qualifier = this.backend.qualifier;
    return collect((v) => {
      if (timeout !== undefined) v.checkWholeNumber("timeoutMilliseconds", timeout, 50, 30000, { unit: "milliseconds", why: "API Gateway's limit for HTTP APIs" });
      if (qualifier !== undefined) {
        v.check(
          LAMBDA_QUALIFIER.test(qualifier) && qualifier !== "$LATEST",
          "backend.qualifier",
          "must be an alias name or a version number of the function (letters, digits, - and _; not $LATEST, which is the unqualified function)",
          qualifier,
        );
      }
    });
  }

  bind(context: IntegrationBindContext): Apigatewayv2Integration {
    const qualifier = this.backend.qualifier;
    new LambdaPermission(context.scope, `Invoke${context.idSuffix || "Function"}`, {
      // One statement per API and integration: a function may serve several.
      statementId: `${context.apiName}-invoke${context.idSuffix === "" ? "" : `-${context.idSuffix}`}`,
      action: "lambda:InvokeFunction",
      functionName: this.backend.functionName,
      qualifier,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${context.apiExecutionArn}/*/*`,
    });
    return new Apigatewayv2Integration(context.scope, context.id, {
      apiId: context.apiId,
      description: qualifier === undefined ? "Requests to the Lambda function" : "Requests to the Lambda function's alias",
      integrationType: "AWS_PROXY",
      integrationUri: qualifier === undefined ? this.backend.functionArn : `${this.backend.functionArn}:${qualifier}`,
      payloadFormatVersion: "2.0",
      timeoutMilliseconds: this.options.timeoutMilliseconds ?? 30000,
    });
  }
}

/** What a load balancer integration reaches: an internal load balancer's listener, behind its security group. */
export interface LoadBalancerBackend extends IngressTarget {
  /** The listener requests go to. */
  readonly listenerArn: string;
  /** The listener's port. */
  readonly listenerPort: number;
  /**
   * For an HTTPS listener: the name its certificate is for. API Gateway sends it in the TLS
   * handshake (SNI) and checks the listener's certificate against it.
   * @default - no name sent or checked (an HTTP listener)
   */
  readonly serverNameToVerify?: string;
}

/**
 * Requests to an internal load balancer's listener through the VPC link (for services that
 * need a load balancer's routing or health checks behind the API). The load balancer's
 * security group is opened to the link's on the listener's port only.
 */
export class LoadBalancerIntegration implements HttpApiIntegration {
  readonly needsVpcLink = true;

  constructor(readonly backend: LoadBalancerBackend) {}

  problems(): readonly PropProblem[] {
    return collect((v) => v.checkWholeNumber("backend.listenerPort", this.backend.listenerPort, 1, 65535));
  }

  bind(context: IntegrationBindContext): Apigatewayv2Integration {
    openPath(context, this.backend, this.backend.listenerPort, "load balancer");
    return privateIntegration(context, this.backend.listenerArn, "Requests to the load balancer's listener, over the VPC link", this.backend.serverNameToVerify);
  }
}
