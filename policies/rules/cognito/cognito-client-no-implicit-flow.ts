import { isExpression, readFlag, unreadable } from "../../json";
import { Rule, verdictOf } from "../../types";

/** A loopback redirect for local development: `http://localhost`, `http://127.0.0.1`, `http://[::1]`, any port and path. */
const LOOPBACK = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/i;
/** A private-use scheme in reverse-domain form (`com.example.app:/callback`), the redirect of a native app (RFC 8252). */
const PRIVATE_USE = /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+:/i;

/** Why a callback URL may carry a code or tokens where others can read them, or undefined when it is safe. */
function callbackProblem(url: unknown, i: number): string | undefined {
  if (typeof url !== "string" || isExpression(url)) return unreadable(`callback_urls[${i}]`, url);
  const trimmed = url.trim();
  if (/^https:\/\//i.test(trimmed) || LOOPBACK.test(trimmed) || PRIVATE_USE.test(trimmed)) return undefined;
  return `callback_urls[${i}] ${JSON.stringify(url)} is not https (only http://localhost is allowed on plain HTTP): use https://`;
}

/**
 * A user pool app client without a secret (`generate_secret` false or missing: a browser or
 * mobile app, which cannot keep one) does not allow the `implicit` OAuth flow: it uses the
 * authorization code flow, with PKCE. Every client's `callback_urls` are https, or
 * `http://localhost` (and 127.0.0.1) for local development, or a native app's reverse-domain
 * scheme (`com.example.app:/callback`).
 */
export const cognitoClientNoImplicitFlow: Rule = {
  id: "cognito-client-no-implicit-flow",
  level: "error",
  resourceTypes: ["aws_cognito_user_pool_client"],
  attributes: ["allowed_oauth_flows", "callback_urls"],
  summary: "Cognito app client that receives tokens in the redirect URL or over plain HTTP",
  why: "The implicit flow returns the tokens themselves in the redirect URL, where browser history, extensions, referrer headers and logs can read them, with no refresh token and no PKCE to bind them to the client that asked; a callback on plain HTTP hands the code or tokens to anyone on the network path.",
  check(client) {
    const problems: string[] = [];
    const secret = readFlag(client.values.generate_secret, "generate_secret", false);
    // A secret the pack cannot read is judged as no secret: the stricter case.
    const isPublic = !secret.ok || !secret.value;
    const flows = client.values.allowed_oauth_flows;
    if (flows !== undefined && flows !== null && !Array.isArray(flows)) problems.push(unreadable("allowed_oauth_flows", flows));
    else if (isPublic && Array.isArray(flows) && flows.includes("implicit")) {
      problems.push('allowed_oauth_flows includes "implicit" on a client without a secret: use ["code"] (authorization code with PKCE) and remove "implicit"');
    }
    const urls = client.values.callback_urls;
    if (urls !== undefined && urls !== null) {
      if (!Array.isArray(urls)) problems.push(unreadable("callback_urls", urls));
      else urls.forEach((url, i) => {
        const problem = callbackProblem(url, i);
        if (problem !== undefined) problems.push(problem);
      });
    }
    return verdictOf(problems);
  },
};
