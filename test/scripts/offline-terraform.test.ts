import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  diagnosticsInText,
  MIRROR_VARIABLE,
  offlinePlanText,
  useProviderMirrorIfFound,
  OfflineTerraformError,
  offlineOverride,
  prepareOfflineTerraform,
  writeOfflineOverride,
} from "../../scripts/offline-terraform";

describe("offline Terraform helper", () => {
  const temporary: string[] = [];
  const tempDir = (prefix: string): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    temporary.push(dir);
    return dir;
  };
  afterAll(() => temporary.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  test("without Terraform it fails, saying how to install it", () => {
    const env = { ...process.env, TERRAFORM_BINARY: "/nonexistent/terraform" };
    expect(() => prepareOfflineTerraform(env)).toThrow(OfflineTerraformError);
    expect(() => prepareOfflineTerraform(env)).toThrow(/Terraform was not found.*Install Terraform 1\.10 or later/);
  });

  test("a mirror already named is kept, not looked for again", () => {
    const env: NodeJS.ProcessEnv = { [MIRROR_VARIABLE]: "/somewhere/chosen" };
    useProviderMirrorIfFound(env);
    expect(env[MIRROR_VARIABLE]).toBe("/somewhere/chosen");
  });

  test("a mirror variable that names no mirror is refused", () => {
    const empty = tempDir("no-mirror-");
    expect(() => prepareOfflineTerraform({ ...process.env, [MIRROR_VARIABLE]: empty })).toThrow(
      /does not hold a registry\.terraform\.io folder/,
    );
  });

  test("with a mirror, providers come only from it, with no plugin cache on top", () => {
    const mirror = tempDir("fake-mirror-");
    fs.mkdirSync(path.join(mirror, "registry.terraform.io"));
    const prepared = prepareOfflineTerraform({ ...process.env, [MIRROR_VARIABLE]: mirror });
    const cliConfig = fs.readFileSync(prepared.cliConfigFile, "utf8");
    expect(cliConfig).toContain(`filesystem_mirror {\n    path    = "${mirror}"`);
    expect(cliConfig).not.toContain("plugin_cache_dir");
    expect(cliConfig).not.toContain("direct");
    expect(prepared.pluginCacheDir).toBeUndefined();
    expect(prepared.env).toMatchObject({ CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: prepared.cliConfigFile });
    expect(prepared.env.AWS_PROFILE).toBeUndefined();
  });

  test("Terraform older than 1.10 is refused, saying why", () => {
    const bin = tempDir("old-terraform-");
    const fake = path.join(bin, "terraform");
    fs.writeFileSync(fake, '#!/bin/sh\necho \'{"terraform_version":"1.9.8"}\'\n', { mode: 0o755 });
    expect(() => prepareOfflineTerraform({ ...process.env, TERRAFORM_BINARY: fake })).toThrow(
      /Terraform 1\.9\.8 is too old: S3-native state locking needs 1\.10 or later/,
    );
  });

  test("the override gives a local backend and a provider that never calls AWS nor checks the account", () => {
    expect(offlineOverride({ provider: { aws: [{ region: "eu-west-1", allowed_account_ids: ["123456789012"] }] } })).toEqual({
      terraform: { backend: { local: { path: "offline.tfstate" } } },
      provider: {
        aws: [
          {
            allowed_account_ids: null,
            skip_credentials_validation: true,
            skip_requesting_account_id: true,
            skip_metadata_api_check: "true",
            skip_region_validation: true,
          },
        ],
      },
    });
  });

  test("every aliased AWS provider gets the offline settings too", () => {
    const override = offlineOverride({ provider: { aws: [{ region: "eu-west-1" }, { region: "us-east-1", alias: "us_east_1" }] } }) as {
      provider: { aws: Record<string, unknown>[] };
    };
    expect(override.provider.aws).toHaveLength(2);
    expect(override.provider.aws[0]!.alias).toBeUndefined();
    expect(override.provider.aws[1]).toMatchObject({ alias: "us_east_1", allowed_account_ids: null, skip_requesting_account_id: true });
  });

  test("refuses to write the override where cdktf deploys from", () => {
    const deployDir = path.join(tempDir("project-"), "cdktf.out", "stacks", "staging");
    fs.mkdirSync(deployDir, { recursive: true });
    fs.writeFileSync(path.join(deployDir, "cdk.tf.json"), "{}");
    expect(() => writeOfflineOverride(deployDir)).toThrow(/refusing to write offline_override\.tf\.json .* where cdktf deploys from/);
    const custom = tempDir("custom-out-");
    const stackDir = path.join(custom, "stacks", "staging");
    fs.mkdirSync(stackDir, { recursive: true });
    fs.writeFileSync(path.join(stackDir, "cdk.tf.json"), "{}");
    expect(() => writeOfflineOverride(stackDir, { CDKTF_OUTDIR: custom })).toThrow(/refusing/);
    expect(fs.existsSync(path.join(stackDir, "offline_override.tf.json"))).toBe(false);
  });

  test("writing the override needs a synthesized stack", () => {
    const dir = tempDir("not-a-stack-");
    expect(() => writeOfflineOverride(dir)).toThrow(/holds no cdk\.tf\.json: synthesize the stack first/);
  });
});

describe("offline plan", () => {
  const saved = process.env.TERRAFORM_BINARY;
  let dir: string;
  const errorBox = [
    "╷",
    "│ Error: Unsupported argument",
    "│ ",
    "│   on cdk.tf.json line 12, in resource \"aws_s3_bucket\" \"Site\":",
    "│   12:         \"bukket\": \"x\"",
    "│ ",
    '│ An argument named "bukket" is not expected here.',
    "╵",
  ].join("\n");
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-terraform-"));
    // A Terraform that knows its version and fails every plan the way a configuration error does.
    fs.writeFileSync(path.join(dir, "error.txt"), `${errorBox}\n`);
    const fake = path.join(dir, "terraform");
    fs.writeFileSync(
      fake,
      `#!/bin/sh\nif [ "$1" = version ]; then echo '{"terraform_version":"1.11.4"}'; exit 0; fi\necho 'Planning...'\ncat "${path.join(dir, "error.txt")}" >&2\nexit 1\n`,
      { mode: 0o755 },
    );
    process.env.TERRAFORM_BINARY = fake;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.TERRAFORM_BINARY;
    else process.env.TERRAFORM_BINARY = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a plan that fails on the configuration reports Terraform's errors, not the rest of its output", () => {
    expect(() => offlinePlanText(dir)).toThrow(
      new OfflineTerraformError(
        `terraform plan failed in ${dir} (exit 1):\n  error: Unsupported argument\n    on cdk.tf.json line 12, in resource "aws_s3_bucket" "Site":\n      12:         "bukket": "x"\n    \n    An argument named "bukket" is not expected here.`,
      ),
    );
  });

  test("reads Terraform's boxed warnings and errors out of its text", () => {
    const text = ["Plan: 1 to add.", "", "╷", "│ Warning: Argument is deprecated", "│ ", "│ Use tags instead.", "╵", "╷", "│ Error: Bad", "╵", "╷", "│ not a diagnostic", "╵"].join("\n");
    expect(diagnosticsInText(text)).toEqual([
      { severity: "warning", summary: "Argument is deprecated", detail: "Use tags instead." },
      { severity: "error", summary: "Bad" },
    ]);
    expect(diagnosticsInText("Plan: 1 to add.")).toEqual([]);
  });
});
