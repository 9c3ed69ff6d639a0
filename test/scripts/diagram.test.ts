import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { architectureDocuments, diagramCommand, documentPath } from "../../scripts/diagram";
import { checkC4, diagramOf, mermaidBlocks, SynthesizedStackJson } from "../../scripts/diagram/index";
import { MERMAID_PACKAGE } from "../../scripts/diagram/mermaid-parse";
import { exampleReadmePath } from "../../scripts/examples";
import { EXAMPLES } from "../../examples";
import { projectConfig } from "../../environments";
import { sharedProjectStacks } from "../support/offline";
import { testOutdir } from "../support/outdir";
import { capture } from "../support/capture";

const projectRoot = path.resolve(__dirname, "../..");

/** A Mermaid `Rel(from, to, "label", "technology")` line, read back. */
interface Rel {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly technology: string;
}

function relsOf(diagram: string): Rel[] {
  return [...diagram.matchAll(/^Rel\((\w+), (\w+), "([^"]*)", "([^"]*)"\)$/gm)].map((m) => ({ from: m[1]!, to: m[2]!, label: m[3]!, technology: m[4]! }));
}

function relOf(diagram: string, from: string, to: string): Rel {
  const rel = relsOf(diagram).find((r) => r.from === from && r.to === to);
  if (rel === undefined) throw new Error(`no arrow ${from} -> ${to} in:\n${diagram}`);
  return rel;
}

/** The modules of a synthesized stack, read from the construct paths (`staging/ApiService/Service`). */
function modulesOf(json: SynthesizedStackJson): string[] {
  const modules = new Set<string>();
  for (const byName of Object.values(json.resource ?? {})) {
    for (const resource of Object.values(byName)) modules.add((resource["//"] as { metadata: { path: string } }).metadata.path.split("/")[1]!);
  }
  return [...modules].sort();
}

/** The first line where two texts differ, to say what changed. */
function firstDifference(committed: string, generated: string): string {
  const a = committed.split("\n");
  const b = generated.split("\n");
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}:\n  committed: ${a[at] ?? "(end of file)"}\n  generated: ${b[at] ?? "(end of file)"}`;
}

let stacks: Map<string, SynthesizedStackJson>;
let documents: Map<string, string>;

beforeAll(async () => {
  // The environments as synthesized once for the whole test run (bootstrap is not drawn).
  const shared = await sharedProjectStacks();
  stacks = new Map(projectConfig.environments.map((e) => [e.name, shared.get(e.name) as unknown as SynthesizedStackJson]));
  documents = architectureDocuments([], stacks);
});

const diagram = (environment: string): string => diagramOf(stacks.get(environment)!, environment);

describe("the committed architecture pages", () => {
  test("docs/architecture-<environment>.md is, for every environment, what the code generates now", () => {
    expect([...documents.keys()]).toEqual([...stacks.keys()]);
    const stale: string[] = [];
    for (const [environment, generated] of documents) {
      const file = path.join(projectRoot, documentPath(environment));
      if (!fs.existsSync(file)) stale.push(`${documentPath(environment)} is missing`);
      else {
        const committed = fs.readFileSync(file, "utf8");
        if (committed !== generated) stale.push(`${documentPath(environment)} differs from what the code generates, first at ${firstDifference(committed, generated)}`);
      }
    }
    if (stale.length > 0) throw new Error(`${stale.join("\n")}\nThe architecture pages are out of date: run \`npm run diagram\` and commit docs/.`);
  });

  test("no page is left for an environment that is gone", () => {
    const pages = fs.readdirSync(path.join(projectRoot, "docs")).filter((f) => /^architecture-.*\.md$/.test(f));
    expect(pages.sort()).toEqual([...stacks.keys()].map((e) => path.basename(documentPath(e))).sort());
  });

  test("each page holds exactly the diagram of its stack", () => {
    for (const [environment, document] of documents) {
      expect(document.startsWith(`# Architecture: ${environment}\n`)).toBe(true);
      expect(mermaidBlocks(document)).toEqual([diagram(environment)]);
      expect(document).toContain("## Containers");
      expect(document).toContain("## Connections");
    }
  });
});

describe("the diagrams are valid Mermaid C4", () => {
  test.each(["staging", "production"])("%s passes the structural check: known statements, quoted labels, unique aliases, arrows between declared elements", (environment) => {
    const text = diagram(environment);
    expect(text.startsWith("C4Container\n")).toBe(true);
    expect(checkC4(text)).toEqual([]);
  });

  test("Mermaid's own parser accepts every page and every example's diagrams, and rejects a broken diagram", () => {
    const dir = fs.mkdtempSync(path.join(testOutdir(), "mermaid-"));
    const files = [...documents].map(([environment, document]) => {
      const file = path.join(dir, path.basename(documentPath(environment)));
      fs.writeFileSync(file, document);
      return file;
    });
    // The examples' READMEs hold their generated diagrams (a staging and a production each),
    // drawing every kind of container the systems have: user pools, tables, upload buckets.
    const readmes = EXAMPLES.map((example) => path.join(projectRoot, exampleReadmePath(example)));
    const broken = path.join(dir, "broken.mmd");
    fs.writeFileSync(broken, 'C4Container\nContainer(a, "A", "t", "d")\n}\n');
    const run = (args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", path.join(projectRoot, "scripts/diagram/mermaid-parse.ts"), ...args], { cwd: projectRoot, encoding: "utf8" });

    // One process (loading Mermaid takes seconds): every page, then the broken diagram, which
    // stops the run with exit 1 after the pages' lines.
    const result = run([...files, ...readmes, broken]);
    if (result.status === 3) throw new Error(`Mermaid is not installed: add the devDependency ${MERMAID_PACKAGE} (npm install --save-dev --save-exact ${MERMAID_PACKAGE}).`);
    expect(result.stdout.trim().split("\n")).toEqual([...files.map((f) => `${f} #1: c4`), ...readmes.flatMap((f) => [`${f} #1: c4`, `${f} #2: c4`])]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${broken}`);
    expect(result.stderr).toContain("Mermaid rejects the diagram");
    expect(result.stderr.split("Mermaid rejects the diagram")).toHaveLength(2);
  });
});

describe("the structural check", () => {
  const valid = ['C4Container', 'Person(user, "User")', 'System_Boundary(b, "B") {', '  Container(api, "API", "ECS", "the API")', "}", 'Rel(user, api, "Calls", "HTTPS")'];
  const check = (lines: readonly string[]) => checkC4(lines.join("\n"));

  test("accepts a well-formed diagram", () => {
    expect(check(valid)).toEqual([]);
  });

  test.each([
    ["an arrow to an undeclared element", [...valid, 'Rel(api, db, "Queries")'], "relation to db, which is not declared"],
    ["a boundary left open", valid.filter((l) => l !== "}"), "boundary b is not closed"],
    ["a stray closing brace", [...valid, "}"], 'a "}" closes no boundary'],
    ["a double quote inside a label", [...valid, 'Rel(api, user, "Says "hi"")'], "line 7"],
    ["arguments without commas", [...valid, 'Rel(api user "x")'], "expected a comma between arguments"],
    ["a relation without aliases", [...valid, 'Rel("api", user, "x")'], "Rel needs two aliases first"],
    ["a duplicate alias", [...valid, 'Container(api, "Again")'], "alias api is already declared on line 4"],
    ["an unknown macro", [...valid, 'Contaner(x, "X")'], "unknown macro Contaner"],
    ["an unquoted label", [...valid, "Container(x, X)"], "Container needs a quoted label after its alias"],
    ["a missing diagram type", valid.slice(1), "the diagram must start with its type"],
  ])("rejects %s", (_what, lines, message) => {
    expect(check(lines).join("\n")).toContain(message);
  });
});

describe.each(["staging", "production"])("the %s diagram", (environment) => {
  test("draws every module of the stack as a container, named after its construct id", () => {
    const text = diagram(environment);
    const modules = modulesOf(stacks.get(environment)!);
    expect(modules).toEqual(["ApiService", "Database", "HttpApi", "Media", "Migrations", "Monitoring", "Network", "Site"]);
    for (const module of modules) expect(text).toMatch(new RegExp(`^\\s*Container(Db)?\\(${module}, "${module}", "[^"]+", "[^"]+"\\)$`, "m"));
    expect(text).toMatch(/^\s*ContainerDb\(Database, "Database", "RDS PostgreSQL 17"/m);
    expect(text).toMatch(/^\s*ContainerDb\(Media, "Media", "S3"/m);
  });

  test("puts the modules placed in the VPC inside its boundary, and the others outside", () => {
    const text = diagram(environment);
    const inside = text.slice(text.indexOf("Container_Boundary(vpc"), text.indexOf("  }\n", text.indexOf("Container_Boundary(vpc")));
    for (const module of ["ApiService", "Database", "Migrations", "Network"]) expect(inside).toContain(`(${module}, "${module}"`);
    for (const module of ["Site", "Media", "HttpApi", "Monitoring"]) expect(inside).not.toContain(`(${module}, "${module}"`);
  });

  test("draws the connections read from the stack as labelled arrows", () => {
    const text = diagram(environment);
    // Security group rules, the grants on the database's parameters, and the API's IAM login (the migrations read the secret).
    expect(relOf(text, "ApiService", "Database")).toEqual({
      from: "ApiService",
      to: "Database",
      label: "PostgreSQL, reads parameters, logs in with IAM",
      technology: "TCP 5432, IAM",
    });
    expect(relOf(text, "Migrations", "Database").label).toBe("PostgreSQL, reads parameters, reads the password");
    // The API Gateway integration to the service's Cloud Map service, over the VPC link.
    expect(relOf(text, "HttpApi", "ApiService")).toMatchObject({ label: "Forwards requests, TCP 8000", technology: "VPC link, Cloud Map, security groups" });
    // CloudFront's second origin, and the task role's grant on the bucket.
    expect(relOf(text, "Site", "Media")).toMatchObject({ label: "Serves /media/*", technology: "CloudFront, OAC" });
    expect(relOf(text, "ApiService", "Media")).toMatchObject({ label: "Reads/writes objects", technology: "IAM" });
    // Alarms on the other modules, alarms to the topic to email, the failed-build rule to its topic to email.
    for (const watched of ["ApiService", "Database", "HttpApi", "Migrations"]) expect(relOf(text, "Monitoring", watched).label).toBe("Watches");
    expect(relOf(text, "Monitoring", "Database").technology).toBe("4 alarms");
    expect(relOf(text, "Monitoring", "email")).toMatchObject({ label: "Alarms and recoveries", technology: "SNS email" });
    expect(relOf(text, "Migrations", "email")).toMatchObject({ label: "A migration build failed or was stopped", technology: "EventBridge, SNS email" });
    // The ways in, and the outside systems.
    expect(relOf(text, "user", "Site").label).toBe("Loads the web app");
    expect(relOf(text, "user", "HttpApi").label).toBe("Calls the API");
    expect(relOf(text, "user", "Media")).toMatchObject({ label: "Uploads files", technology: "presigned URLs" });
    expect(relOf(text, "team", "ApiService").label).toBe("Pushes images");
    expect(relOf(text, "team", "Site")).toMatchObject({ label: "Writes objects, invalidates the cache", technology: "IAM" });
    expect(relOf(text, "Migrations", "source").technology).toBe("CodeStar connection");
    expect(text).toMatch(/^System_Ext\(source, "GitHub", "Repository acme\/app@(main|production)"\)$/m);
    expect(text).toMatch(/^System_Ext\(email, "Email recipients", "[^"]+@example\.com"\)$/m);
    // Internet egress: staging's tasks through the internet gateway (public IPs), production's through NAT; the builds through NAT.
    expect(relOf(text, "ApiService", "Network")).toEqual({
      from: "ApiService",
      to: "Network",
      label: "HTTPS out",
      technology: environment === "staging" ? "internet gateway" : "NAT gateway",
    });
    expect(relOf(text, "Migrations", "Network").technology).toBe(environment === "staging" ? "NAT instance" : "NAT gateway");
    // Nothing connects modules that the stack does not connect.
    expect(relsOf(text).filter((r) => r.from === "Site" || r.to === "Site").map((r) => `${r.from}->${r.to}`).sort()).toEqual(["Site->Media", "team->Site", "user->Site"]);
  });

  test("traces each connection in the page's table to the resources that make it", () => {
    const document = documents.get(environment)!;
    const rows = document.slice(document.indexOf("## Connections")).split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| From") && !l.startsWith("| ---"));
    expect(rows.length).toBeGreaterThanOrEqual(relsOf(diagram(environment)).length);
    for (const row of rows) expect(row).toMatch(/\| `[A-Za-z]+\/[A-Za-z0-9/]+`( ?,|.)*\|$/);
    expect(document).toContain("| ApiService | Database | Connects over PostgreSQL, TCP 5432 | Security group rules from ApiService to Database | `ApiService/EgressApiServiceDatabase`, `Database/IngressApiService` |");
    expect(document).toContain(
      `| ApiService | Database | Logs in to acme-${environment}-postgres with IAM database authentication (no password) | IAM role acme-${environment}-api-task | \`Database/ConnectApiService\` |`,
    );
    expect(document).not.toContain("| ApiService | Database | Reads the database password");
  });

  test("describes each container by the key settings of its resources", () => {
    const text = diagram(environment);
    const database = text.split("\n").find((l) => l.includes("ContainerDb(Database,"))!;
    const service = text.split("\n").find((l) => l.includes("Container(ApiService,"))!;
    if (environment === "staging") {
      expect(database).toContain('"db.t4g.micro, single AZ, 20-100 GiB gp3 encrypted, backups 3 days, no deletion protection,');
      expect(service).toContain("ARM64 tasks of 0.25 vCPU / 0.5 GB, 1 task, Fargate Spot, public subnets with public IPs");
      expect(text).toMatch(/Container\(Network, "Network", "VPC, NAT instance", "10\.10\.0\.0\/16, 2 public \+ 2 private subnets in us-east-1a, us-east-1b, 1 NAT instance \(t4g\.nano\)/);
    } else {
      expect(database).toContain('"db.t4g.small, Multi-AZ, 20-200 GiB gp3 encrypted, backups 14 days, deletion protection,');
      expect(service).toContain("ARM64 tasks of 0.5 vCPU / 1 GB, 2-6 tasks scaled on CPU and memory, Fargate on demand");
      expect(text).toContain('Container(Network, "Network", "VPC, NAT gateway", "10.20.0.0/16, 2 public + 2 private subnets in us-east-1a, us-east-1b, 1 NAT gateway,');
    }
  });

  test("is the same text whatever the order of the stack's JSON", () => {
    const json = stacks.get(environment)!;
    const reversed = (o: Readonly<Record<string, unknown>>) => Object.fromEntries(Object.entries(o).reverse());
    const shuffled: SynthesizedStackJson = {
      ...json,
      resource: reversed(Object.fromEntries(Object.entries(json.resource ?? {}).map(([type, byName]) => [type, reversed(byName)]))) as SynthesizedStackJson["resource"],
    };
    expect(diagramOf(shuffled, environment)).toBe(diagram(environment));
    expect(diagram(environment)).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });
});

/** A small stack written by hand: a function in the VPC that reads and writes a bucket and reaches a database, watched by an alarm. */
const meta = (p: string) => ({ "//": { metadata: { path: `demo/${p}` } } });
const FIXTURE: SynthesizedStackJson = {
  provider: { aws: [{ region: "eu-west-1", default_tags: [{ tags: { Project: "shop" } }] }] },
  resource: {
    aws_vpc: { Net_Vpc: { ...meta("Net/Vpc"), cidr_block: "10.0.0.0/16" } },
    aws_subnet: { Net_Private: { ...meta("Net/Private"), vpc_id: "${aws_vpc.Net_Vpc.id}", cidr_block: "10.0.1.0/24", availability_zone: "eu-west-1a" } },
    aws_security_group: {
      Worker_Group: { ...meta("Worker/Group"), vpc_id: "${aws_vpc.Net_Vpc.id}" },
      Db_Group: { ...meta("Db/Group"), vpc_id: "${aws_vpc.Net_Vpc.id}" },
    },
    aws_vpc_security_group_ingress_rule: {
      Db_FromWorker: {
        ...meta("Db/FromWorker"),
        security_group_id: "${aws_security_group.Db_Group.id}",
        referenced_security_group_id: "${aws_security_group.Worker_Group.id}",
        ip_protocol: "tcp",
        from_port: 5432,
        to_port: 5432,
      },
    },
    aws_lambda_function: {
      Worker_Function: {
        ...meta("Worker/Function"),
        function_name: "shop-worker",
        runtime: "nodejs20.x",
        role: "${aws_iam_role.Worker_Role.arn}",
        vpc_config: { subnet_ids: ["${aws_subnet.Net_Private.id}"], security_group_ids: ["${aws_security_group.Worker_Group.id}"] },
      },
    },
    aws_iam_role: { Worker_Role: { ...meta("Worker/Role"), name: "shop-worker" } },
    aws_iam_role_policy: {
      Worker_Policy: {
        ...meta("Worker/Policy"),
        role: "${aws_iam_role.Worker_Role.id}",
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "${aws_s3_bucket.Files_Bucket.arn}/*" }],
        }),
      },
    },
    aws_db_instance: {
      Db_Instance: {
        ...meta("Db/Instance"),
        identifier: "shop-db",
        engine: "postgres",
        engine_version: "16",
        instance_class: "db.t4g.micro",
        multi_az: false,
        allocated_storage: 20,
        storage_type: "gp3",
        storage_encrypted: true,
        backup_retention_period: 7,
        deletion_protection: true,
        vpc_security_group_ids: ["${aws_security_group.Db_Group.id}"],
      },
    },
    aws_s3_bucket: { Files_Bucket: { ...meta("Files/Bucket"), bucket: "shop-files" } },
    aws_sns_topic: { Alerts_Topic: { ...meta("Alerts/Topic"), name: "shop-alerts" } },
    aws_sns_topic_subscription: {
      Alerts_Email: { ...meta("Alerts/Email"), topic_arn: "${aws_sns_topic.Alerts_Topic.arn}", protocol: "email", endpoint: "ops@example.com" },
    },
    aws_cloudwatch_metric_alarm: {
      Alerts_DbCpu: {
        ...meta("Alerts/DbCpu"),
        alarm_name: "shop-db-cpu",
        metric_name: "CPUUtilization",
        namespace: "AWS/RDS",
        // A literal identifier, matched to the instance that has it.
        dimensions: { DBInstanceIdentifier: "shop-db" },
        alarm_actions: ["${aws_sns_topic.Alerts_Topic.arn}"],
      },
    },
  },
};

describe("a small stack written by hand", () => {
  test("gives exactly this diagram", () => {
    expect(diagramOf(FIXTURE, "demo")).toBe(
      [
        "C4Container",
        "title shop-demo: containers (AWS eu-west-1)",
        "",
        'System_Boundary(stack, "shop-demo on AWS eu-west-1") {',
        '  ContainerDb(Files, "Files", "S3", "files bucket")',
        '  Container(Alerts, "Alerts", "CloudWatch alarms, SNS", "1 alarm, SNS topic shop-alerts")',
        '  Container_Boundary(vpc, "VPC 10.0.0.0/16 (Net)") {',
        '    Container(Worker, "Worker", "Lambda", "function shop-worker (nodejs20.x)")',
        '    ContainerDb(Db, "Db", "RDS PostgreSQL 16", "db.t4g.micro, single AZ, 20 GiB gp3 encrypted, backups 7 days, deletion protection")',
        '    Container(Net, "Net", "VPC", "10.0.0.0/16, 1 private subnet in eu-west-1a, no NAT")',
        "  }",
        "}",
        "",
        'System_Ext(email, "Email recipients", "ops@example.com")',
        "",
        'Rel(Alerts, Db, "Watches", "1 alarm")',
        'Rel(Alerts, email, "Alarms", "SNS email")',
        'Rel(Worker, Db, "PostgreSQL", "TCP 5432")',
        'Rel(Worker, Files, "Reads/writes objects", "IAM")',
        "",
        'UpdateLayoutConfig($c4ShapeInRow="3", $c4BoundaryInRow="1")',
        "",
      ].join("\n"),
    );
  });

  test("a label with a double quote is kept a single Mermaid string", () => {
    const quoted: SynthesizedStackJson = {
      resource: { aws_s3_bucket: { Files_Bucket: { ...meta("Files/Bucket"), bucket: 'say "hi"' } } },
    };
    const text = diagramOf(quoted, "demo");
    expect(checkC4(text)).toEqual([]);
    expect(text).not.toContain('"hi"');
  });
});

describe("npm run diagram", () => {
  test("writes the page of the environment named, and only that one", () => {
    const root = fs.mkdtempSync(path.join(testOutdir(), "diagram-"));
    const stdout = capture();
    expect(diagramCommand(["staging"], { root, stdout, stderr: capture() })).toBe(0);
    expect(stdout.text()).toBe(`Wrote ${documentPath("staging")}\n`);
    expect(fs.readdirSync(path.join(root, "docs"))).toEqual(["architecture-staging.md"]);
    expect(fs.readFileSync(path.join(root, documentPath("staging")), "utf8")).toBe(documents.get("staging"));
  });

  test("without a name, writes every environment's page", () => {
    const root = fs.mkdtempSync(path.join(testOutdir(), "diagram-"));
    expect(diagramCommand([], { root, stdout: capture(), stderr: capture() })).toBe(0);
    expect(fs.readdirSync(path.join(root, "docs")).sort()).toEqual(["architecture-production.md", "architecture-staging.md"]);
  });

  test("an unknown environment or an option is a usage error", () => {
    const stderr = capture();
    expect(diagramCommand(["qa"], { root: testOutdir(), stdout: capture(), stderr })).toBe(2);
    expect(stderr.text()).toContain('No environment named "qa". Environments: staging, production.');
    expect(diagramCommand(["bootstrap"], { root: testOutdir(), stdout: capture(), stderr: capture() })).toBe(2);
    expect(diagramCommand(["--all"], { root: testOutdir(), stdout: capture(), stderr: capture() })).toBe(2);
  });
});
