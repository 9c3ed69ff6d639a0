import type { DatabaseConnection } from "../rds-private";
import { shellQuote } from "../_internal/pipeline";

// The three buildspecs of the delivery pipeline, as JSON (which is YAML too). Free of `${`:
// Terraform would read that as an interpolation of its own; the shell's variables are `$NAME`.
// CodeBuild (buildspec 0.2) runs every command of a build in one bash, stopping at the first
// that fails, so `cd` and variables carry over from one command to the next.

/** The output artifacts of the build stage, by name: what the later stages take as input. */
export const ARTIFACTS = { source: "source", site: "site", function: "function", image: "image" } as const;

/** The package's file name, in the `function` artifact. */
export const PACKAGE_FILE = "function.zip";

/** Where the build puts the package's files before zipping them, relative to the source root. */
export const PACKAGE_DIRECTORY = "build/function";

/** Where the migrate build unpacks the package. */
export const MIGRATE_APP_DIRECTORY = "/tmp/delivery-app";

/** Where the migrate build writes the application role's SQL. */
export const APPLICATION_ROLE_SQL_FILE = "/tmp/delivery-pipeline/application-role.sql";

/** The RDS certificate bundle, put at the package's root when the pipeline migrates a database. */
export const RDS_CA_BUNDLE_FILE = "rds-ca.pem";
const RDS_CA_BUNDLE_URL = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";

/** The Node.js the site build runs (`runtime-versions`), one both build images carry. */
export const NODEJS_VERSION = "22";

/** Largest package `update-function-code --zip-file` takes: 50 MB. */
export const MAX_PACKAGE_BYTES = 50 * 1024 * 1024;

/** Cache-Control of the site's hashed assets (Vite's `assets/` folder): a year, never revalidated. */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";
/** Cache-Control of every other file of the site (the HTML first of all): revalidated on each load. */
export const REVALIDATE_CACHE_CONTROL = "no-cache";
/** The site's folder of content-hashed file names, as Vite writes it (`build.assetsDir`). */
export const HASHED_ASSETS_DIRECTORY = "assets";
/** Past this many HTML paths, the invalidation is `/*` (one path, whatever it covers). */
export const MAX_INVALIDATION_PATHS = 100;

export interface SiteBuild {
  /** The Vite project's folder in the source. */
  readonly directory: string;
  /** The build's output folder, inside `directory`. */
  readonly outputDirectory: string;
}

export interface FunctionBuild {
  /** The Python project's folder in the source (requirements.txt, manage.py). */
  readonly directory: string;
  /** `3.13` for `python3.13`. */
  readonly pythonVersion: string;
  /** The pip `--platform` tags of the function's architecture and Lambda runtime. */
  readonly platforms: readonly string[];
  /** Run `python manage.py collectstatic` into the site's output, under `static/`. */
  readonly collectStatic: boolean;
  /** Put the RDS certificate bundle at the package's root (the pipeline migrates a database). */
  readonly rdsCaBundle: boolean;
}

interface Buildspec {
  readonly version: "0.2";
  readonly env: Record<string, unknown>;
  readonly phases: Record<string, { readonly "runtime-versions"?: Record<string, string>; readonly commands: readonly string[] }>;
  readonly artifacts?: Record<string, unknown>;
}

/** A command that stops the build with a message on stderr unless `test` holds. */
function orFail(test: string, message: string): string {
  return `${test} || { echo ${shellQuote(message)} >&2; exit 1; }`;
}

/**
 * The build stage (outside the VPC): the site with `npm ci && npm run build`, then the function's
 * package: its requirements installed for Lambda's platform, its code copied over them,
 * collectstatic into the site's output, zipped so the same source gives the same bytes.
 */
export function buildBuildspec(site: SiteBuild | undefined, fn: FunctionBuild | undefined): string {
  const runtimes: Record<string, string> = {};
  if (site) runtimes.nodejs = NODEJS_VERSION;
  if (fn) runtimes.python = fn.pythonVersion;
  const siteOutput = site ? `${site.directory}/${site.outputDirectory}` : undefined;
  const commands: string[] = ['cd "$CODEBUILD_SRC_DIR"'];
  if (site) {
    commands.push(
      orFail(`test -f ${site.directory}/package-lock.json`, `${site.directory}/package-lock.json is missing: npm ci installs exactly what the lock file names`),
      `cd "$CODEBUILD_SRC_DIR"/${site.directory}`,
      "npm ci",
      "npm run build",
      'cd "$CODEBUILD_SRC_DIR"',
      orFail(`test -f ${siteOutput}/index.html`, `npm run build wrote no ${siteOutput}/index.html: set siteOutputDirectory to the folder Vite builds into (build.outDir)`),
    );
  }
  if (fn) {
    const platforms = fn.platforms.map((p) => `--platform ${p}`).join(" ");
    commands.push(
      orFail(`test -f ${fn.directory}/requirements.txt`, `${fn.directory}/requirements.txt is missing: the package installs the function's requirements from it`),
      `rm -rf build && mkdir -p ${PACKAGE_DIRECTORY}`,
      // Wheels only, for Lambda's CPU and Python, whatever this build runs on; no .pyc (their
      // timestamps would change the package on every build, and Lambda compiles on import).
      `pip install ${platforms} --implementation cp --python-version ${fn.pythonVersion} --only-binary=:all: --no-compile --target ${PACKAGE_DIRECTORY} -r ${fn.directory}/requirements.txt`,
      // The project's own code, over the requirements: its files win.
      `tar -C ${fn.directory} --exclude=__pycache__ --exclude='*.pyc' --exclude=.venv --exclude=node_modules -cf - . | tar -C ${PACKAGE_DIRECTORY} -xf -`,
    );
    if (fn.collectStatic && siteOutput) {
      commands.push(
        orFail(`test -f ${PACKAGE_DIRECTORY}/manage.py`, `collectStatic runs python manage.py collectstatic: ${fn.directory}/manage.py is missing (or set collectStatic: false)`),
        `(cd ${PACKAGE_DIRECTORY} && STATIC_ROOT="$CODEBUILD_SRC_DIR"/${siteOutput}/static PYTHONDONTWRITEBYTECODE=1 python manage.py collectstatic --noinput)`,
        orFail(
          `test -n "$(ls -A ${siteOutput}/static 2>/dev/null)"`,
          `collectstatic put nothing in ${siteOutput}/static: the settings must read STATIC_ROOT from the environment (STATIC_ROOT = os.environ.get("STATIC_ROOT")), and STATIC_URL the site's absolute /static/ URL (the API runs on another host)`,
        ),
      );
    }
    if (fn.rdsCaBundle) {
      // So the migrations (and the function) verify the database's certificate (verify-full).
      commands.push(`curl -fsSL --retry 3 -o ${PACKAGE_DIRECTORY}/${RDS_CA_BUNDLE_FILE} ${RDS_CA_BUNDLE_URL}`);
    }
    commands.push(
      `find ${PACKAGE_DIRECTORY} -name __pycache__ -type d -prune -exec rm -rf {} +`,
      // The same files give the same zip: fixed times and modes, sorted names, no extra fields.
      `chmod -R u=rwX,go=rX ${PACKAGE_DIRECTORY}`,
      `find ${PACKAGE_DIRECTORY} -exec env TZ=UTC touch -h -t 198001010000 {} +`,
      `(cd ${PACKAGE_DIRECTORY} && find . -mindepth 1 \\( -type f -o -type l \\) | LC_ALL=C sort | TZ=UTC zip -X -D -q ../${PACKAGE_FILE} -@)`,
      `sha256sum build/${PACKAGE_FILE}`,
      orFail(
        `test "$(stat -c %s build/${PACKAGE_FILE})" -le ${MAX_PACKAGE_BYTES}`,
        `build/${PACKAGE_FILE} is larger than 50 MB, the most update-function-code takes: trim requirements.txt`,
      ),
    );
  }
  const siteArtifact = siteOutput ? { "base-directory": siteOutput, files: ["**/*"] } : undefined;
  const functionArtifact = fn ? { "base-directory": "build", files: [PACKAGE_FILE] } : undefined;
  const artifacts =
    siteArtifact && functionArtifact
      ? { "secondary-artifacts": { [ARTIFACTS.site]: siteArtifact, [ARTIFACTS.function]: functionArtifact } }
      : (siteArtifact ?? functionArtifact);
  const spec: Buildspec = {
    version: "0.2",
    env: {
      shell: "bash",
      variables: { PIP_DISABLE_PIP_VERSION_CHECK: "1", npm_config_update_notifier: "false" },
    },
    phases: {
      install: { "runtime-versions": runtimes, commands: ["node --version || true", "python --version || true"] },
      build: { commands },
    },
    artifacts,
  };
  return JSON.stringify(spec, null, 2);
}

export interface MigrateBuild {
  readonly connection: DatabaseConnection;
  readonly pythonVersion: string;
  /** The migration command, run in the unpacked package. */
  readonly command: string;
  /** The SQL that creates and grants the application's role. */
  readonly applicationRoleSql: string;
}

/**
 * Connects with the master user (libpq settings from the environment the buildspec sets; the
 * password from libpq's PGPASSWORD, set for this command alone), runs the application role's
 * SQL as it is (no parameters: psycopg sends it untouched) and commits.
 */
const RUN_APPLICATION_ROLE_SQL = [
  "import os, psycopg",
  'conn = psycopg.connect(host=os.environ["DB_HOST"], port=os.environ["DB_PORT"], dbname=os.environ["DB_NAME"], user=os.environ["DB_USER"], sslmode="verify-full", sslrootcert=os.environ["PGSSLROOTCERT"])',
  `conn.execute(open("${APPLICATION_ROLE_SQL_FILE}").read())`,
  "conn.commit()",
  "conn.close()",
  'print("The application role is granted")',
].join("; ");

/**
 * The migrate stage (in the VPC): unpack the function's package, run the migration command with
 * the master user's settings from Parameter Store and its password from Secrets Manager (never
 * in plain variables), then the application role's SQL through psycopg.
 */
export function migrateBuildspec(m: MigrateBuild): string {
  const sqlDirectory = APPLICATION_ROLE_SQL_FILE.slice(0, APPLICATION_ROLE_SQL_FILE.lastIndexOf("/"));
  const spec: Buildspec = {
    version: "0.2",
    env: {
      shell: "bash",
      variables: {
        // libpq (psycopg, so Django too) reads these: TLS that verifies the server.
        PGSSLMODE: "verify-full",
        PGSSLROOTCERT: `${MIGRATE_APP_DIRECTORY}/${RDS_CA_BUNDLE_FILE}`,
        PYTHONDONTWRITEBYTECODE: "1",
      },
      "parameter-store": {
        DB_HOST: m.connection.parameterNames.host,
        DB_PORT: m.connection.parameterNames.port,
        DB_NAME: m.connection.parameterNames.database,
        DB_USER: m.connection.parameterNames.username,
      },
      "secrets-manager": {
        DB_PASSWORD: `${m.connection.secretArn}:password`,
      },
    },
    phases: {
      install: {
        "runtime-versions": { python: m.pythonVersion },
        commands: [
          orFail(`test -f "$CODEBUILD_SRC_DIR"/${PACKAGE_FILE}`, `The function artifact holds no ${PACKAGE_FILE}`),
          `rm -rf ${MIGRATE_APP_DIRECTORY} && mkdir -p ${MIGRATE_APP_DIRECTORY}`,
          `unzip -q "$CODEBUILD_SRC_DIR"/${PACKAGE_FILE} -d ${MIGRATE_APP_DIRECTORY}`,
          orFail(`test -f ${MIGRATE_APP_DIRECTORY}/${RDS_CA_BUNDLE_FILE}`, `The package holds no ${RDS_CA_BUNDLE_FILE}: the build stage puts it there`),
        ],
      },
      pre_build: {
        commands: [
          // The application role's SQL (no secret in it), printed before anything runs.
          `mkdir -p ${sqlDirectory} && printf '%s\\n' ${m.applicationRoleSql.split("\n").map(shellQuote).join(" ")} > ${APPLICATION_ROLE_SQL_FILE}`,
          `cat ${APPLICATION_ROLE_SQL_FILE}`,
          `cd ${MIGRATE_APP_DIRECTORY}`,
          orFail('python -c "import psycopg"', "The package cannot import psycopg: add psycopg[binary] to requirements.txt (the migrations grant the application role through it)"),
        ],
      },
      build: {
        commands: [`cd ${MIGRATE_APP_DIRECTORY}`, m.command, `PGPASSWORD="$DB_PASSWORD" python -c ${shellQuote(RUN_APPLICATION_ROLE_SQL)}`],
      },
    },
  };
  return JSON.stringify(spec, null, 2);
}

export interface DeployBuild {
  /** The site's bucket and distribution (names and ids, resolved at apply). */
  readonly site?: { readonly bucketName: string; readonly distributionId: string };
  readonly function?: { readonly functionName: string; readonly aliasName: string };
}

/**
 * The deploy stage (outside the VPC): the function first (publish the package as a version,
 * wait until it is ready, check it holds this package, then move the alias), then the site
 * (hashed assets, other files, HTML last, then what the build no longer has is deleted) and
 * an invalidation of its HTML paths.
 */
export function deployBuildspec(d: DeployBuild): string {
  const variables: Record<string, string> = {};
  const commands: string[] = [];
  // With both inputs the package is the primary source; the site is the secondary `site`.
  const packageDirectory = '"$CODEBUILD_SRC_DIR"';
  const siteDirectory = d.function ? `"$CODEBUILD_SRC_DIR_${ARTIFACTS.site}"` : '"$CODEBUILD_SRC_DIR"';
  if (d.function) {
    variables.FUNCTION_NAME = d.function.functionName;
    variables.FUNCTION_ALIAS = d.function.aliasName;
    commands.push(
      `PACKAGE=${packageDirectory}/${PACKAGE_FILE}`,
      orFail('test -f "$PACKAGE"', `The function artifact holds no ${PACKAGE_FILE}`),
      // For the record (and a rollback): what the alias served before this deploy.
      // Assigned first, so a failing call stops the build (inside echo its status would be lost).
      'PREVIOUS_VERSION="$(aws lambda get-alias --function-name "$FUNCTION_NAME" --name "$FUNCTION_ALIAS" --query FunctionVersion --output text)"',
      'echo "Before this deploy $FUNCTION_ALIAS served version $PREVIOUS_VERSION"',
      // A configuration change still under way would refuse the new code.
      'aws lambda wait function-updated-v2 --function-name "$FUNCTION_NAME"',
      'CODE_SHA256="$(openssl dgst -sha256 -binary "$PACKAGE" | base64)"',
      'VERSION="$(aws lambda update-function-code --function-name "$FUNCTION_NAME" --zip-file "fileb://$PACKAGE" --publish --query Version --output text)"',
      orFail('[[ "$VERSION" =~ ^[0-9]+$ ]]', "update-function-code --publish returned no version number: not moving the alias"),
      'echo "Published version $VERSION of $FUNCTION_NAME"',
      // The version itself must be Active (a new version starts Pending), not only the update done.
      'aws lambda wait published-version-active --function-name "$FUNCTION_NAME" --qualifier "$VERSION"',
      orFail(
        'test "$(aws lambda get-function-configuration --function-name "$FUNCTION_NAME" --qualifier "$VERSION" --query CodeSha256 --output text)" = "$CODE_SHA256"',
        "The published version does not hold this package (its CodeSha256 differs): not moving the alias",
      ),
      'aws lambda update-alias --function-name "$FUNCTION_NAME" --name "$FUNCTION_ALIAS" --function-version "$VERSION"',
      'echo "$FUNCTION_ALIAS now serves version $VERSION"',
    );
  }
  if (d.site) {
    variables.SITE_BUCKET = d.site.bucketName;
    variables.DISTRIBUTION_ID = d.site.distributionId;
    const paths = "/tmp/delivery-invalidation-paths";
    commands.push(
      `cd ${siteDirectory}`,
      orFail("test -f index.html", "The site artifact holds no index.html"),
      // New hashed assets first: the pages that name them are uploaded after them.
      `aws s3 sync . "s3://$SITE_BUCKET/" --exclude "*" --include "${HASHED_ASSETS_DIRECTORY}/*" --cache-control "${IMMUTABLE_CACHE_CONTROL}" --only-show-errors`,
      `aws s3 sync . "s3://$SITE_BUCKET/" --exclude "${HASHED_ASSETS_DIRECTORY}/*" --exclude "*.html" --cache-control "${REVALIDATE_CACHE_CONTROL}" --only-show-errors`,
      `aws s3 sync . "s3://$SITE_BUCKET/" --exclude "*" --include "*.html" --cache-control "${REVALIDATE_CACHE_CONTROL}" --only-show-errors`,
      // Everything is up: now remove what the build no longer has.
      'aws s3 sync . "s3://$SITE_BUCKET/" --delete --only-show-errors',
      // Every HTML page's path (and a folder's, for its index.html).
      `find . -type f -name '*.html' | awk '{ p = substr($0, 2); print p; if (p ~ /\\/index\\.html$/) { sub(/index\\.html$/, "", p); print p } }' | LC_ALL=C sort -u > ${paths}`,
      `if [ "$(wc -l < ${paths})" -gt ${MAX_INVALIDATION_PATHS} ]; then echo '/*' > ${paths}; fi`,
      `cat ${paths}`,
      `INVALIDATION="$(tr '\\n' '\\0' < ${paths} | xargs -0 aws cloudfront create-invalidation --distribution-id "$DISTRIBUTION_ID" --query Invalidation.Id --output text --paths)"`,
      'aws cloudfront wait invalidation-completed --distribution-id "$DISTRIBUTION_ID" --id "$INVALIDATION"',
      'echo "Invalidation $INVALIDATION completed"',
    );
  }
  const spec: Buildspec = {
    version: "0.2",
    env: { shell: "bash", variables },
    phases: { build: { commands } },
  };
  return JSON.stringify(spec, null, 2);
}

/** The file the image build writes and CodePipeline's ECS deploy action reads: `[{ name, imageUri }]`. */
export const IMAGE_DEFINITIONS_FILE = "imagedefinitions.json";

/** The image tags the pipeline pushes: `git-<commit>`, one per commit, never `latest`. */
export const IMAGE_TAG_PREFIX = "git-";

/** The pipeline variables namespace of the image build: `#{BuildImage.IMAGE_TAG}` and `#{BuildImage.IMAGE_URI}` in the execution's details. */
export const IMAGE_VARIABLES_NAMESPACE = "BuildImage";

export interface ImageBuild {
  /** The ECR repository's URL, `<account>.dkr.ecr.<region>.amazonaws.com/<name>` (resolved at apply). */
  readonly repositoryUrl: string;
  /** The task definition's container that runs the image (in `imagedefinitions.json`). */
  readonly containerName: string;
  /** The build context: the Dockerfile's folder in the source (`.` for the root). */
  readonly directory: string;
  /** The Dockerfile, relative to `directory`. */
  readonly dockerfile: string;
  /** `linux/arm64` or `linux/amd64`: the task's CPU. */
  readonly platform: string;
}

/**
 * The image build (outside the VPC, privileged for the Docker daemon): log in to the registry,
 * build the Dockerfile for the task's platform, tag it with the commit
 * (`git-$CODEBUILD_RESOLVED_SOURCE_VERSION`), push it (unless that tag is already there: the
 * repository's tags are immutable, and a rerun of the same commit deploys the image it pushed),
 * then write `imagedefinitions.json` for the ECS deploy action. `IMAGE_TAG` and `IMAGE_URI` are
 * exported: the pipeline shows them under the action's namespace.
 */
export function imageBuildspec(b: ImageBuild): string {
  const dockerfile = b.directory === "." ? b.dockerfile : `${b.directory}/${b.dockerfile}`;
  const commands = [
    'cd "$CODEBUILD_SRC_DIR"',
    orFail('test -n "$CODEBUILD_RESOLVED_SOURCE_VERSION"', "CodeBuild gave no source revision (CODEBUILD_RESOLVED_SOURCE_VERSION): the image would have no commit tag"),
    orFail(`test -f ${dockerfile}`, `${dockerfile} is missing: set serviceDirectory to the Dockerfile's folder and dockerfile to its name`),
    `IMAGE_TAG="${IMAGE_TAG_PREFIX}$CODEBUILD_RESOLVED_SOURCE_VERSION"`,
    'IMAGE_URI="$REPOSITORY_URL:$IMAGE_TAG"',
    'REGISTRY="$(echo "$REPOSITORY_URL" | cut -d/ -f1)"',
    'REPOSITORY_NAME="$(echo "$REPOSITORY_URL" | cut -d/ -f2-)"',
    'aws ecr get-login-password | docker login --username AWS --password-stdin "$REGISTRY"',
    // The tags are immutable: a rerun of the same commit finds its image and deploys it as it is.
    'EXISTING="$(aws ecr batch-get-image --repository-name "$REPOSITORY_NAME" --image-ids imageTag="$IMAGE_TAG" --query "length(images)" --output text)"',
    'if [ "$EXISTING" != "0" ]; then echo "$IMAGE_URI is in the repository already: deploying it as it is"; fi',
    `if [ "$EXISTING" = "0" ]; then docker build --platform "$PLATFORM" --file ${dockerfile} --tag "$IMAGE_URI" --label org.opencontainers.image.revision="$CODEBUILD_RESOLVED_SOURCE_VERSION" ${b.directory}; fi`,
    'if [ "$EXISTING" = "0" ]; then docker push "$IMAGE_URI"; fi',
    `printf '[{"name":"%s","imageUri":"%s"}]\\n' "$CONTAINER_NAME" "$IMAGE_URI" > ${IMAGE_DEFINITIONS_FILE}`,
    `cat ${IMAGE_DEFINITIONS_FILE}`,
  ];
  const spec: Buildspec = {
    version: "0.2",
    env: {
      shell: "bash",
      variables: { REPOSITORY_URL: b.repositoryUrl, CONTAINER_NAME: b.containerName, PLATFORM: b.platform, DOCKER_BUILDKIT: "1" },
      "exported-variables": ["IMAGE_TAG", "IMAGE_URI"],
    },
    phases: { build: { commands } },
    artifacts: { files: [IMAGE_DEFINITIONS_FILE] },
  };
  return JSON.stringify(spec, null, 2);
}
