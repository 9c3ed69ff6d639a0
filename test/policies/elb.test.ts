import { Testing } from "cdktf";
import { applyPolicyPack, markConfigKeys } from "../../policies";
import { ELB_RULES } from "../../policies/rules/elb";
import { elbAccessLogs } from "../../policies/rules/elb/elb-access-logs";
import { elbDeletionProtection } from "../../policies/rules/elb/elb-deletion-protection";
import { elbDesyncMitigation } from "../../policies/rules/elb/elb-desync-mitigation";
import { elbDropInvalidHeaders } from "../../policies/rules/elb/elb-drop-invalid-headers";
import { elbHttpRedirectsOnly } from "../../policies/rules/elb/elb-http-redirects-only";
import { CURRENT_TLS_POLICIES, elbHttpsListenerTlsPolicy, RECOMMENDED_TLS_POLICY } from "../../policies/rules/elb/elb-https-listener-tls-policy";
import { expectFlagged, expectPass, Fixture, fixtureStack, resultFor } from "./harness";

const LB = "aws_lb.alb";
const HTTPS = "aws_lb_listener.https";
const HTTP = "aws_lb_listener.http";
const PROTECTED = { protected: true };

function omit(values: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => !keys.includes(k)));
}

const compliantLb: Record<string, unknown> = {
  name: "acme-production",
  load_balancer_type: "application",
  internal: false,
  subnets: ["subnet-a", "subnet-b"],
  drop_invalid_header_fields: true,
  desync_mitigation_mode: "defensive",
  enable_deletion_protection: true,
  access_logs: { bucket: "${aws_s3_bucket.logs.id}", prefix: "alb", enabled: true },
};

/** An application load balancer with the given changes. */
const lb = (changes: Record<string, unknown> = {}, base = compliantLb, type = "aws_lb"): Fixture => ({ type, name: "alb", values: { ...base, ...changes } });
const nlb: Fixture = { type: "aws_lb", name: "nlb", values: { name: "acme-nlb", load_balancer_type: "network", subnets: ["subnet-a"] } };

const redirectToHttps = (redirect: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: "redirect",
  redirect: { port: "443", protocol: "HTTPS", status_code: "HTTP_301", ...redirect },
});
const forward = { type: "forward", target_group_arn: "${aws_lb_target_group.app.arn}" };

const httpsListener = (changes: Record<string, unknown> = {}, type = "aws_lb_listener"): Fixture => ({
  type,
  name: "https",
  values: {
    load_balancer_arn: "${aws_lb.alb.arn}",
    port: 443,
    protocol: "HTTPS",
    ssl_policy: RECOMMENDED_TLS_POLICY,
    certificate_arn: "${aws_acm_certificate.c.arn}",
    default_action: [forward],
    ...changes,
  },
});
const httpListener = (changes: Record<string, unknown> = {}, type = "aws_lb_listener"): Fixture => ({
  type,
  name: "http",
  values: { load_balancer_arn: "${aws_lb.alb.arn}", port: 80, protocol: "HTTP", default_action: [redirectToHttps()], ...changes },
});
const listenerRule = (action: Record<string, unknown>[], listener = "${aws_lb_listener.http.arn}", type = "aws_lb_listener_rule"): Fixture => ({
  type,
  name: "legacy",
  values: { listener_arn: listener, priority: 10, action, condition: [{ path_pattern: { values: ["/legacy/*"] } }] },
});

describe("the elb group", () => {
  const lbRules = ELB_RULES.filter((rule) => rule.resourceTypes.includes("aws_lb"));

  it.each(lbRules.map((rule) => [rule.id, rule] as const))("%s passes a compliant application load balancer in a protected environment", (_id, rule) => {
    expectPass(rule, [lb(), httpsListener(), httpListener()], LB, PROTECTED);
  });

  it.each(lbRules.map((rule) => [rule.id, rule] as const))("%s does not apply to a network load balancer", (_id, rule) => {
    const result = resultFor(rule, [nlb], "aws_lb.nlb", PROTECTED);
    expect({ status: result.status, detail: result.detail }).toEqual({ status: "not-applicable", detail: 'load_balancer_type is "network", not an application load balancer' });
  });

  it.each(lbRules.map((rule) => [rule.id, rule] as const))("%s judges a load balancer without load_balancer_type as an application load balancer", (_id, rule) => {
    const untyped = { name: "acme-production", drop_invalid_header_fields: false, desync_mitigation_mode: "monitor", enable_deletion_protection: false };
    const message = expectFlagged(rule, [lb({}, untyped)], LB, PROTECTED);
    expect(message).toContain(`policy ${rule.id} (error)`);
  });

  it.each(ELB_RULES.filter((rule) => rule.resourceTypes.includes("aws_lb_listener")).map((rule) => [rule.id, rule] as const))(
    "%s does not apply to a listener of a network load balancer",
    (_id, rule) => {
      const listener = httpListener({ load_balancer_arn: "${aws_lb.nlb.arn}", protocol: "TCP", port: 443, default_action: [forward] });
      const result = resultFor(rule, [nlb, listener], HTTP);
      expect(result.status).toBe("not-applicable");
      expect(result.detail).toContain('belongs to aws_lb.nlb, whose load_balancer_type is "network"');
    },
  );
});

describe("elb-https-listener-tls-policy", () => {
  it.each(CURRENT_TLS_POLICIES)("passes an HTTPS listener with %s", (policy) => {
    expectPass(elbHttpsListenerTlsPolicy, [lb(), httpsListener({ ssl_policy: policy })], HTTPS);
  });

  it("passes an aws_alb_listener on an aws_alb", () => {
    expectPass(elbHttpsListenerTlsPolicy, [lb({}, compliantLb, "aws_alb"), httpsListener({ load_balancer_arn: "${aws_alb.alb.arn}" }, "aws_alb_listener")], "aws_alb_listener.https");
  });

  it("passes a listener of a load balancer outside the stack, judged as an application load balancer", () => {
    expectPass(elbHttpsListenerTlsPolicy, [httpsListener({ load_balancer_arn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shared/0123456789abcdef" })], HTTPS);
  });

  it("is not applicable to an HTTP listener", () => {
    const result = resultFor(elbHttpsListenerTlsPolicy, [lb(), httpListener()], HTTP);
    expect({ status: result.status, detail: result.detail }).toEqual({ status: "not-applicable", detail: "protocol is HTTP, not HTTPS" });
  });

  it("is not applicable to a listener without a protocol (HTTP on an application load balancer)", () => {
    expect(resultFor(elbHttpsListenerTlsPolicy, [lb(), httpListener({ protocol: undefined })], HTTP).status).toBe("not-applicable");
  });

  it("fails synth for an HTTPS listener without ssl_policy, naming the API default and the fix", () => {
    const message = expectFlagged(elbHttpsListenerTlsPolicy, [lb(), httpsListener({ ssl_policy: undefined })], HTTPS);
    expect(message).toContain(`ssl_policy not set, so the listener gets the API default ELBSecurityPolicy-2016-08 (TLS 1.0 and 1.1 too): set ssl_policy = "${RECOMMENDED_TLS_POLICY}"`);
  });

  it.each(["ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS-1-2-2017-01", "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06", "ELBSecurityPolicy-TLS13-1-0-2021-06", "ELBSecurityPolicy-FS-1-2-Res-2020-10"])(
    "fails synth for %s",
    (policy) => {
      const message = expectFlagged(elbHttpsListenerTlsPolicy, [lb(), httpsListener({ ssl_policy: policy })], HTTPS);
      expect(message).toContain(`ssl_policy is "${policy}", not a current TLS 1.3 and 1.2 policy: set ssl_policy = "${RECOMMENDED_TLS_POLICY}"`);
    },
  );

  it("fails synth for a lower-case protocol and an outdated policy on an aws_alb_listener", () => {
    const listener = httpsListener({ protocol: "https", ssl_policy: "ELBSecurityPolicy-2015-05", load_balancer_arn: "${aws_alb.alb.arn}" }, "aws_alb_listener");
    const message = expectFlagged(elbHttpsListenerTlsPolicy, [lb({}, compliantLb, "aws_alb"), listener], "aws_alb_listener.https");
    expect(message).toContain('ssl_policy is "ELBSecurityPolicy-2015-05"');
  });

  it("fails synth for an ssl_policy it cannot read", () => {
    expect(expectFlagged(elbHttpsListenerTlsPolicy, [lb(), httpsListener({ ssl_policy: "${var.ssl_policy}" })], HTTPS)).toContain(
      'ssl_policy is "${var.ssl_policy}", which the pack cannot read at synth',
    );
  });

  it("judges a protocol it cannot read as HTTPS, and says so", () => {
    expectPass(elbHttpsListenerTlsPolicy, [lb(), httpsListener({ protocol: "${var.protocol}" })], HTTPS);
    const message = expectFlagged(elbHttpsListenerTlsPolicy, [lb(), httpsListener({ protocol: "${var.protocol}", ssl_policy: undefined })], HTTPS);
    expect(message).toContain('protocol is "${var.protocol}", which the pack cannot read at synth, so it is judged as HTTPS; ssl_policy not set');
  });

  it("names the config key that sets ssl_policy", () => {
    const stack = fixtureStack([lb(), httpsListener({ ssl_policy: "ELBSecurityPolicy-2016-08" })]);
    markConfigKeys(stack, { aws_lb_listener: { ssl_policy: "loadBalancer.sslPolicy" } });
    applyPolicyPack(stack, { protected: false, rules: [elbHttpsListenerTlsPolicy] });
    expect(() => Testing.synth(stack, true)).toThrow("The environment's config sets it: change loadBalancer.sslPolicy there");
  });
});

describe("elb-http-redirects-only", () => {
  it("passes an HTTP listener that redirects permanently to HTTPS", () => {
    expectPass(elbHttpRedirectsOnly, [lb(), httpListener()], HTTP);
  });

  it("passes a listener without a protocol that redirects, and its listener rule that redirects too", () => {
    const fixtures = [lb(), httpListener({ protocol: undefined, default_action: redirectToHttps() }), listenerRule([redirectToHttps({ path: "/new/#{path}" })])];
    expectPass(elbHttpRedirectsOnly, fixtures, HTTP);
  });

  it("passes an HTTP aws_alb_listener that redirects", () => {
    expectPass(elbHttpRedirectsOnly, [lb({}, compliantLb, "aws_alb"), httpListener({ load_balancer_arn: "${aws_alb.alb.arn}" }, "aws_alb_listener")], "aws_alb_listener.http");
  });

  it("is not applicable to an HTTPS listener", () => {
    const result = resultFor(elbHttpRedirectsOnly, [lb(), httpsListener()], HTTPS);
    expect({ status: result.status, detail: result.detail }).toEqual({ status: "not-applicable", detail: "protocol is HTTPS, not HTTP" });
  });

  it("fails synth for an HTTP listener that forwards, on an internal load balancer too", () => {
    const message = expectFlagged(elbHttpRedirectsOnly, [lb({ internal: true }), httpListener({ default_action: [forward] })], HTTP);
    expect(message).toContain('default_action type is "forward": on HTTP the only action allowed is a redirect to HTTPS');
  });

  it("fails synth for an HTTP listener without a protocol that answers with a fixed response", () => {
    const fixed = { type: "fixed-response", fixed_response: { content_type: "text/plain", message_body: "ok", status_code: "200" } };
    const message = expectFlagged(elbHttpRedirectsOnly, [lb(), httpListener({ protocol: undefined, default_action: [fixed] })], HTTP);
    expect(message).toContain('default_action type is "fixed-response"');
  });

  it("fails synth for a temporary (302) redirect", () => {
    const message = expectFlagged(elbHttpRedirectsOnly, [lb(), httpListener({ default_action: [redirectToHttps({ status_code: "HTTP_302" })] })], HTTP);
    expect(message).toContain('default_action redirect.status_code is "HTTP_302": set status_code = "HTTP_301"');
    expect(message).not.toContain("redirect.protocol");
  });

  it("fails synth for a redirect that keeps the protocol", () => {
    const redirect = { type: "redirect", redirect: { port: "8080", status_code: "HTTP_301" } };
    const message = expectFlagged(elbHttpRedirectsOnly, [lb(), httpListener({ default_action: [redirect] })], HTTP);
    expect(message).toContain('default_action redirect.protocol not set (the default "#{protocol}" keeps HTTP): set protocol = "HTTPS"');
  });

  it("fails synth for a redirect to HTTP, naming each problem", () => {
    const message = expectFlagged(elbHttpRedirectsOnly, [lb(), httpListener({ default_action: [redirectToHttps({ protocol: "HTTP", status_code: "HTTP_302" })] })], HTTP);
    expect(message).toContain('default_action redirect.protocol is "HTTP": set protocol = "HTTPS"; default_action redirect.status_code is "HTTP_302"');
  });

  it("fails synth for a redirect action without its redirect block", () => {
    expect(expectFlagged(elbHttpRedirectsOnly, [lb(), httpListener({ default_action: [{ type: "redirect" }] })], HTTP)).toContain("default_action is a redirect without a redirect block");
  });

  it("fails synth for a listener rule that forwards on the HTTP listener", () => {
    const message = expectFlagged(elbHttpRedirectsOnly, [lb(), httpListener(), listenerRule([forward])], HTTP);
    expect(message).toContain('aws_lb_listener_rule.legacy action type is "forward"');
    expect(message).not.toContain("default_action");
  });

  it("fails synth for an aws_alb_listener_rule that forwards on the HTTP listener", () => {
    const message = expectFlagged(elbHttpRedirectsOnly, [lb(), httpListener(), listenerRule([forward], "${aws_lb_listener.http.arn}", "aws_alb_listener_rule")], HTTP);
    expect(message).toContain('aws_alb_listener_rule.legacy action type is "forward"');
  });

  it("does not hold a listener rule of the HTTPS listener against the HTTP listener", () => {
    expectPass(elbHttpRedirectsOnly, [lb(), httpListener(), httpsListener(), listenerRule([forward], "${aws_lb_listener.https.arn}")], HTTP);
  });

  it("numbers the actions when there are several", () => {
    const message = expectFlagged(elbHttpRedirectsOnly, [lb(), httpListener({ default_action: [redirectToHttps(), { ...forward, order: 2 }] })], HTTP);
    expect(message).toContain('default_action[1] type is "forward"');
    expect(message).not.toContain("default_action[0]");
  });

  it("judges a protocol it cannot read as HTTP, and says so", () => {
    expectPass(elbHttpRedirectsOnly, [lb(), httpListener({ protocol: "${var.protocol}" })], HTTP);
    const message = expectFlagged(elbHttpRedirectsOnly, [lb(), httpListener({ protocol: "${var.protocol}", default_action: [forward] })], HTTP);
    expect(message).toContain('protocol is "${var.protocol}", which the pack cannot read at synth, so it is judged as HTTP; default_action type is "forward"');
  });
});

describe("elb-drop-invalid-headers", () => {
  it("passes an application load balancer that drops invalid headers, also written as a string", () => {
    expectPass(elbDropInvalidHeaders, [lb({ drop_invalid_header_fields: "true" })], LB);
  });

  it("passes an aws_alb that drops them", () => {
    expectPass(elbDropInvalidHeaders, [lb({}, compliantLb, "aws_alb")], "aws_alb.alb");
  });

  it("fails synth for a load balancer that leaves it to the provider default", () => {
    const message = expectFlagged(elbDropInvalidHeaders, [lb({}, omit(compliantLb, "drop_invalid_header_fields"))], LB);
    expect(message).toContain("drop_invalid_header_fields not set (provider default false)");
  });

  it("fails synth for drop_invalid_header_fields false", () => {
    expect(expectFlagged(elbDropInvalidHeaders, [lb({ drop_invalid_header_fields: false })], LB)).toContain("drop_invalid_header_fields is false");
  });

  it("fails synth for a value it cannot read", () => {
    expect(expectFlagged(elbDropInvalidHeaders, [lb({ drop_invalid_header_fields: "${var.drop}" })], LB)).toContain("cannot read at synth");
  });

  it("judges a load_balancer_type it cannot read as an application load balancer", () => {
    expect(expectFlagged(elbDropInvalidHeaders, [lb({ load_balancer_type: "${var.type}", drop_invalid_header_fields: false })], LB)).toContain("drop_invalid_header_fields is false");
  });
});

describe("elb-desync-mitigation", () => {
  it.each(["defensive", "strictest"])("passes %s", (mode) => {
    expectPass(elbDesyncMitigation, [lb({ desync_mitigation_mode: mode })], LB);
  });

  it("passes a load balancer that leaves it to the default (defensive)", () => {
    expectPass(elbDesyncMitigation, [lb({}, omit(compliantLb, "desync_mitigation_mode"))], LB);
  });

  it("fails synth for monitor", () => {
    const message = expectFlagged(elbDesyncMitigation, [lb({ desync_mitigation_mode: "monitor" })], LB);
    expect(message).toContain('desync_mitigation_mode is "monitor": set it to "defensive" (the default) or "strictest"');
  });

  it("fails synth for monitor on an aws_alb", () => {
    expect(expectFlagged(elbDesyncMitigation, [lb({ desync_mitigation_mode: "monitor" }, compliantLb, "aws_alb")], "aws_alb.alb")).toContain('desync_mitigation_mode is "monitor"');
  });

  it("fails synth for a mode it cannot read", () => {
    expect(expectFlagged(elbDesyncMitigation, [lb({ desync_mitigation_mode: "${var.mode}" })], LB)).toContain('desync_mitigation_mode is "${var.mode}", which the pack cannot read at synth');
  });
});

describe("elb-access-logs", () => {
  it("passes access logs enabled into a bucket, also written as a list block", () => {
    expectPass(elbAccessLogs, [lb({ access_logs: [{ bucket: "acme-alb-logs", enabled: "true" }] })], LB);
  });

  it("fails synth for a load balancer without access_logs", () => {
    expect(expectFlagged(elbAccessLogs, [lb({}, omit(compliantLb, "access_logs"))], LB)).toContain("access_logs not set: add access_logs { bucket = <a log bucket>, enabled = true }");
  });

  it("fails synth for access logs that leave enabled to the provider default", () => {
    const message = expectFlagged(elbAccessLogs, [lb({ access_logs: { bucket: "acme-alb-logs" } })], LB);
    expect(message).toContain("access_logs.enabled not set (provider default false): set enabled = true");
  });

  it("fails synth for access logs turned off", () => {
    expect(expectFlagged(elbAccessLogs, [lb({ access_logs: { bucket: "acme-alb-logs", enabled: false } })], LB)).toContain("access_logs.enabled is false");
  });

  it("fails synth for access logs without a bucket", () => {
    const message = expectFlagged(elbAccessLogs, [lb({ access_logs: { bucket: "", enabled: true } })], LB);
    expect(message).toContain("access_logs.bucket not set: name the S3 bucket the logs go to");
    expect(message).not.toContain("access_logs.enabled");
  });

  it("fails synth for an enabled flag it cannot read", () => {
    expect(expectFlagged(elbAccessLogs, [lb({ access_logs: { bucket: "acme-alb-logs", enabled: "${var.logs}" } })], LB)).toContain(
      'access_logs.enabled is "${var.logs}", which the pack cannot read at synth',
    );
  });
});

describe("elb-deletion-protection", () => {
  it("passes a load balancer with deletion protection in a protected environment", () => {
    expectPass(elbDeletionProtection, [lb({ enable_deletion_protection: "true" })], LB, PROTECTED);
  });

  it("fails synth for a load balancer that leaves it to the provider default", () => {
    const message = expectFlagged(elbDeletionProtection, [lb({}, omit(compliantLb, "enable_deletion_protection"))], LB, PROTECTED);
    expect(message).toContain("enable_deletion_protection not set (provider default false)");
  });

  it("fails synth for an aws_alb with enable_deletion_protection false", () => {
    expect(expectFlagged(elbDeletionProtection, [lb({ enable_deletion_protection: false }, compliantLb, "aws_alb")], "aws_alb.alb", PROTECTED)).toContain(
      "enable_deletion_protection is false",
    );
  });

  it("does not apply outside protected environments", () => {
    const result = resultFor(elbDeletionProtection, [lb({ enable_deletion_protection: false })], LB, { protected: false });
    expect({ status: result.status, detail: result.detail }).toEqual({ status: "not-applicable", detail: "only in protected environments" });
  });

  it("names the config key that sets it", () => {
    const stack = fixtureStack([lb({ enable_deletion_protection: false })]);
    markConfigKeys(stack, { aws_lb: { enable_deletion_protection: "loadBalancer.deletionProtection" } });
    applyPolicyPack(stack, { protected: true, rules: [elbDeletionProtection] });
    expect(() => Testing.synth(stack, true)).toThrow("The environment's config sets it: change loadBalancer.deletionProtection there");
  });
});
