import * as fs from "node:fs";
import * as path from "node:path";

// The sample Django project the django-lambda example packages (examples/django-lambda/app),
// checked as files: no Python runs here. Its own tests (api/tests.py) need Django and PostgreSQL.

const APP = path.resolve(__dirname, "../../examples/django-lambda/app");

/** The function's handler the stack configures: `<module path>.<attribute>`. */
export const DJANGO_APP_HANDLER = "config.asgi.handler";

/** The settings module the function names in `DJANGO_SETTINGS_MODULE`. */
export const DJANGO_APP_SETTINGS_MODULE = "config.settings";

/** The variables the stack sets on the function: the contract between the stack and the project. */
export const DJANGO_APP_FUNCTION_VARIABLES = [
  "DJANGO_SETTINGS_MODULE",
  "APP_ENV",
  "DJANGO_ALLOWED_HOSTS",
  "DB_HOST",
  "DB_PORT",
  "DB_NAME",
  "DB_USER",
  "MEDIA_BUCKET",
  "STATIC_URL",
  "SECRET_KEY_ARN",
] as const;

/** What the delivery pipeline's builds add for the management commands: migrate's password, collectstatic's folder. */
export const DJANGO_APP_BUILD_VARIABLES = ["DB_PASSWORD", "STATIC_ROOT"] as const;

/** What Lambda sets itself (`AWS_REGION`), or the project sets or reads on its own: optional, documented in its README. */
export const DJANGO_APP_OTHER_VARIABLES = [
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_LOG_LEVEL",
  "DJANGO_MANAGEMENT_COMMAND",
  "SITE_URL",
  "DB_SSLMODE",
  "LOG_LEVEL",
  "DJANGO_DEBUG",
] as const;

/** Every file under the app folder, relative to it, with `/` separators. */
function filesUnder(dir: string, prefix = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    return entry.isDirectory() ? [`${rel}/`, ...filesUnder(path.join(dir, entry.name), rel)] : [rel];
  });
}

const read = (rel: string): string => fs.readFileSync(path.join(APP, rel), "utf8");
const all = filesUnder(APP);
const pythonFiles = all.filter((f) => f.endsWith(".py"));
/** The project's code, without its tests (which run on a developer's machine, not in the stack). */
const appFiles = pythonFiles.filter((f) => !/(^|\/)(tests?|test_\w+)\.py$/.test(f) && !f.includes("/tests/"));
/** A Python source without its comments (so that a commented-out line does not count). */
const code = (rel: string): string =>
  read(rel)
    .split("\n")
    .map((line) => line.replace(/(^|\s)#.*$/, ""))
    .join("\n");

/**
 * The environment variables a Python source reads: `os.environ["X"]`, `os.environ.get("X"`,
 * `os.environ.setdefault("X"`, `os.getenv("X"`, `"X" in os.environ`, or a helper named `_env...("X"`.
 */
function variablesRead(source: string): Set<string> {
  const names = new Set<string>();
  const patterns = [
    /os\.environ(?:\.get|\.setdefault)?\s*[([]\s*["']([A-Z][A-Z0-9_]*)["']/g,
    /os\.getenv\(\s*["']([A-Z][A-Z0-9_]*)["']/g,
    /["']([A-Z][A-Z0-9_]*)["']\s+(?:not\s+)?in\s+os\.environ/g,
    /\b_env\w*\(\s*["']([A-Z][A-Z0-9_]*)["']/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) names.add(match[1]!);
  return names;
}

/** requirements.txt's entries: name (normalised), extras, version; `bad` for a line that pins nothing exactly. */
function requirements(): { entries: { name: string; extras: string[]; version: string }[]; bad: string[] } {
  const entries: { name: string; extras: string[]; version: string }[] = [];
  const bad: string[] = [];
  for (const raw of read("requirements.txt").split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    if (line === "") continue;
    const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[([A-Za-z0-9_,-]+)\])?==([0-9][0-9A-Za-z.+!-]*)$/.exec(line);
    if (match === null) bad.push(line);
    else entries.push({ name: match[1]!.toLowerCase().replace(/[-_.]+/g, "-"), extras: match[2]?.split(",") ?? [], version: match[3]! });
  }
  return { entries, bad };
}

describe("examples/django-lambda/app", () => {
  test("the handler is a Mangum instance around Django's ASGI application, lifespan off", () => {
    const parts = DJANGO_APP_HANDLER.split(".");
    const attribute = parts.pop()!;
    const moduleFile = `${parts.join("/")}.py`;
    expect(pythonFiles).toContain(moduleFile);
    const source = code(moduleFile);
    expect(source).toMatch(/^from mangum import Mangum$/m);
    expect(source).toMatch(/^application = get_asgi_application\(\)$/m);
    expect(source).toMatch(new RegExp(`^${attribute} = Mangum\\(application, lifespan="off"\\)$`, "m"));
    // The HTTP API's $default stage adds no stage name to the path.
    expect(source).not.toMatch(/api_gateway_base_path\s*=/);
  });

  test("the handler and manage.py default DJANGO_SETTINGS_MODULE to the settings module, which exists", () => {
    const setting = `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "${DJANGO_APP_SETTINGS_MODULE}")`;
    expect(code("config/asgi.py")).toContain(setting);
    expect(code("manage.py")).toContain(setting);
    expect(pythonFiles).toContain(`${DJANGO_APP_SETTINGS_MODULE.replace(/\./g, "/")}.py`);
  });

  test("the settings read every variable the stack and the builds set", () => {
    const settings = variablesRead(code(`${DJANGO_APP_SETTINGS_MODULE.replace(/\./g, "/")}.py`));
    const expected = [...DJANGO_APP_FUNCTION_VARIABLES, ...DJANGO_APP_BUILD_VARIABLES].filter((name) => name !== "DJANGO_SETTINGS_MODULE");
    expect(expected.filter((name) => !settings.has(name))).toEqual([]);
  });

  test("the project reads no variable beyond those, and its README documents each one it reads", () => {
    const names = new Set(appFiles.flatMap((file) => [...variablesRead(code(file))]));
    const known = new Set<string>([...DJANGO_APP_FUNCTION_VARIABLES, ...DJANGO_APP_BUILD_VARIABLES, ...DJANGO_APP_OTHER_VARIABLES]);
    expect([...names].filter((name) => !known.has(name))).toEqual([]);
    // AWS_REGION reaches the IAM token and the S3 client.
    expect(names.has("AWS_REGION")).toBe(true);
    const readme = read("README.md");
    expect([...names].filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });

  test("requirements.txt pins every package with == and holds Django 5.2, mangum 0.19 and psycopg[binary] 3.2, not boto3", () => {
    const { entries, bad } = requirements();
    expect(bad).toEqual([]);
    const byName = new Map(entries.map((entry) => [entry.name, entry]));
    expect(byName.size).toBe(entries.length);
    expect(byName.get("django")?.version).toMatch(/^5\.2\.\d+$/);
    expect(byName.get("mangum")?.version).toMatch(/^0\.19\.\d+$/);
    expect(byName.get("psycopg")).toEqual({ name: "psycopg", extras: ["binary"], version: expect.stringMatching(/^3\.2\.\d+$/) });
    // The Lambda Python runtime includes boto3 (and botocore).
    expect(entries.map((entry) => entry.name).filter((name) => name === "boto3" || name === "botocore")).toEqual([]);
  });

  test("no Python file assigns SECRET_KEY a literal, nor holds Django's generated insecure key", () => {
    const offenders = pythonFiles.filter((file) => /^\s*SECRET_KEY\s*=\s*[rRbBuUfF]*["']/m.test(read(file)) || read(file).includes("django-insecure-"));
    expect(offenders).toEqual([]);
    expect(code("config/settings.py")).toMatch(/^SECRET_KEY = _secret_key\(\)$/m);
  });

  test("boto3 is imported inside functions only: the migrations and local development run without it", () => {
    expect(appFiles.filter((file) => /^(?:import|from)\s+(?:boto3|botocore)\b/m.test(read(file)))).toEqual([]);
  });

  test("every Python file outside the project's root folder is in a package (an __init__.py in each folder)", () => {
    const missing = new Set<string>();
    for (const file of pythonFiles) {
      const folders = file.split("/").slice(0, -1);
      for (let depth = 1; depth <= folders.length; depth++) {
        const init = `${folders.slice(0, depth).join("/")}/__init__.py`;
        if (!all.includes(init)) missing.add(init);
      }
    }
    expect([...missing]).toEqual([]);
  });

  test("holds no compiled Python: no __pycache__, .pyc or .pyo", () => {
    expect(all.filter((file) => /(^|\/)__pycache__\/$|\.py[co]$/.test(file))).toEqual([]);
  });

  test("the database is the IAM authentication backend, one connection per request", () => {
    const settings = code("config/settings.py");
    expect(settings).toContain('"ENGINE": "config.db",');
    const backend = code("config/db/base.py");
    expect(backend).toMatch(/^class DatabaseWrapper\(base\.DatabaseWrapper\):$/m);
    expect(backend).toMatch(/^from django\.db\.backends\.postgresql import base$/m);
    expect(backend).toContain("def get_connection_params(self):");
    expect(backend).toContain("generate_db_auth_token(DBHostname=host, Port=port, DBUsername=user, Region=region)");
    // Persistent connections are never reused under ASGI and stay open until garbage collection
    // (Django runs each request in a thread of its own): see the README, "Connections".
    expect(settings).toContain('"CONN_MAX_AGE": 0,');
    // Without DB_PASSWORD the function logs in with a token: the settings never default one.
    expect(settings).toContain('"PASSWORD": os.environ.get("DB_PASSWORD", ""),');
  });

  test("the Note model has its initial migration", () => {
    expect(code("api/models.py")).toMatch(/^class Note\(models\.Model\):$/m);
    const migration = code("api/migrations/0001_initial.py");
    expect(migration).toContain('name="Note"');
    expect(migration).toContain('("text", models.TextField())');
    expect(migration).toContain('("created_at", models.DateTimeField(auto_now_add=True, db_index=True))');
  });

  test("routes /api/health and /api/notes, and describes every route in the OpenAPI document collectstatic publishes", () => {
    const routes = [...code("config/urls.py").matchAll(/\bpath\("([^"]*)"/g)].map((match) => `/${match[1]}`);
    expect(routes).toEqual(expect.arrayContaining(["/api/health", "/api/notes"]));
    const openapi = JSON.parse(read("api/static/api/openapi.json")) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths).sort()).toEqual([...routes].sort());
  });

  test("the health view answers status, environment and database after a SELECT 1; the body-taking views are CSRF-exempt", () => {
    const views = code("api/views.py");
    expect(views).toContain('cursor.execute("SELECT 1")');
    expect(views).toMatch(/\{"status": [^}]+, "environment": settings\.APP_ENV, "database": database\}/);
    expect(views).toMatch(/@csrf_exempt\ndef notes\(/);
    expect(views).toMatch(/@csrf_exempt\ndef uploads\(/);
  });
});
