import { buildApp, buildStack, ConfigError, projectConfig } from "../../environments";
import { TerraformStack } from "cdktf";
import { testOutdir } from "../support/outdir";

describe("buildStack: one stack of the app, for commands about one stack", () => {
  test("builds only the stack named, the same as the whole app builds it", () => {
    const whole = buildApp({ outdir: testOutdir() });
    for (const name of ["bootstrap", "staging", "production"]) {
      const { app, stack, stackNames } = buildStack(name, { outdir: testOutdir() });
      expect(stackNames).toEqual(["bootstrap", "staging", "production"]);
      expect(app.node.findAll().filter(TerraformStack.isStack).map((s) => s.node.id)).toEqual([name]);
      const same = [whole.bootstrap, ...whole.environments].find((s) => s.node.id === name)!;
      expect(stack!.toTerraform()).toEqual(same.toTerraform());
    }
  });

  test("an unknown name builds nothing and lists the stacks there are", () => {
    const { app, stack, stackNames } = buildStack("qa", { outdir: testOutdir() });
    expect(stack).toBeUndefined();
    expect(app.node.findAll().filter(TerraformStack.isStack)).toEqual([]);
    expect(stackNames).toEqual(["bootstrap", "staging", "production"]);
  });

  test("every config is still checked, not only the named stack's", () => {
    const [staging, production] = projectConfig.environments;
    const configs = { bootstrap: projectConfig.bootstrap, environments: [staging, { ...production, accountId: "1" }] };
    expect(() => buildStack("staging", { outdir: testOutdir(), configs })).toThrow(ConfigError);
  });
});
