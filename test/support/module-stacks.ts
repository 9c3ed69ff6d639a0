/**
 * Stacks of modules alone, with what the environments do not use, planned offline with every
 * other stack by the background check (an offline app of offline-targets.ts); their unit tests
 * build the same stacks.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack } from "cdktf";
import { cloudFrontTarget, Domain } from "../../modules/domain";
import { HttpApi, LambdaIntegration } from "../../modules/http-api";

/**
 * The domain module as a protected environment would use it: a created zone, a CloudFront
 * certificate in us-east-1 through a second provider, an API on its own name, alias records, and
 * a certificate in an existing zone. Terraform must accept the validation records' expressions.
 */
export function domainModuleStack(app: App, isProtected: boolean): TerraformStack {
  const stack = new TerraformStack(app, isProtected ? "domain-protected" : "domain-module");
  new AwsProvider(stack, "Aws", { region: "eu-west-1", allowedAccountIds: ["123456789012"] });
  const global = new AwsProvider(stack, "AwsGlobal", { region: "us-east-1", alias: "us-east-1", allowedAccountIds: ["123456789012"] });
  const domain = new Domain(stack, "Domain", { name: "acme-test", zoneName: "example.com", region: "eu-west-1", globalProvider: global, preventDestroy: isProtected });
  domain.certificate("SiteCertificate", { domainNames: ["example.com", "*.example.com", "www.example.com"], forCloudFront: true });
  const apiCertificate = domain.certificate("ApiCertificate", { domainNames: ["api.example.com"] });
  const api = new HttpApi(stack, "HttpApi", {
    name: "acme-test",
    integrations: { fn: new LambdaIntegration({ functionName: "acme-test-fn", functionArn: "arn:aws:lambda:eu-west-1:123456789012:function:acme-test-fn" }) },
    domainName: "api.example.com",
    certificateArn: apiCertificate.certificateArn,
    // The pack refuses routes without authorization unless suppressed: give the API an authorizer.
    jwtIssuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123",
    jwtAudience: ["client-id"],
  });
  domain.aliasRecord("Api", { name: "api.example.com", target: api.domainTarget! });
  domain.aliasRecord("Www", { name: "www.example.com", target: cloudFrontTarget("d111111abcdef8.cloudfront.net") });
  new Domain(stack, "ExistingZone", { name: "acme-test", zoneName: "example.org", hostedZoneId: "Z0123456789ABCDEFGHIJ", region: "eu-west-1" }).certificate("Wildcard", {
    domainNames: ["*.example.org"],
  });
  return stack;
}

/** Synthesizes the module stacks the suite plans offline. */
export function synthesizeModuleStacks(outdir: string): void {
  const app = new App({ outdir });
  domainModuleStack(app, true);
  app.synth();
}
