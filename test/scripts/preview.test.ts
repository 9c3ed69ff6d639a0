import { previewCommand, previewComment, previewStackName } from "../../scripts/preview";

const writer = () => {
  let text = "";
  return { write: (chunk: string) => ((text += chunk), true), text: () => text };
};

describe("npm run preview", () => {
  test("name prints the stack name synth gives the source, alone on its line", () => {
    const out = writer();
    expect(previewCommand(["name", "#42"], { stdout: out })).toBe(0);
    expect(out.text()).toBe("pv-pr-42\n");
    expect(previewStackName("dev-alice")).toBe("pv-dev-alice");
  });

  test("a wrong command or source is a usage or user error, not a stack trace", () => {
    const err = writer();
    expect(previewCommand(["nope"], { stderr: err })).toBe(2);
    expect(err.text()).toMatch(/^usage: npm run preview -- name/);
    const err2 = writer();
    expect(previewCommand(["name", "!!!"], { stderr: err2 })).toBe(1);
    expect(err2.text()).toMatch(/--preview "!!!" has no letter or digit/);
  });

  test("comment lists the URLs, the expiry and the estimate's total", () => {
    const comment = previewComment(
      { "pv-pr-42": { api_endpoint: "https://abc.execute-api.us-east-1.amazonaws.com", site_domain_name: "d111.cloudfront.net", preview: { name: "pv-pr-42", source: "42", expires: "2026-12-08" } } },
      "   $1.00  priced  x\nTotal: $12.34 a month\n",
    );
    expect(comment).toContain("### Preview `pv-pr-42`");
    expect(comment).toContain("- API: https://abc.execute-api.us-east-1.amazonaws.com");
    expect(comment).toContain("- Site: https://d111.cloudfront.net");
    expect(comment).toContain("- Expires: 2026-12-08");
    expect(comment).toContain("Estimated monthly cost: Total: $12.34 a month");
    expect(() => previewComment({}, "")).toThrow(/holds no stack/);
  });
});
