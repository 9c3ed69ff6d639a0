/**
 * The sample post-confirmation trigger, run with a fake database client: `pg` is never loaded.
 */
import * as fs from "node:fs";
import * as path from "node:path";

interface FakeClient {
  readonly queries: { text: string; values: readonly unknown[] }[];
  ended: number;
  query(text: string, values: readonly unknown[]): Promise<unknown>;
  end(): Promise<void>;
}

interface PostConfirmationEvent {
  version: string;
  region: string;
  userPoolId: string;
  userName: string;
  callerContext: { awsSdkVersion?: string; clientId?: string };
  triggerSource: "PostConfirmation_ConfirmSignUp" | "PostConfirmation_ConfirmForgotPassword";
  request: { userAttributes: Record<string, string> };
  response: Record<string, unknown>;
}

interface TriggerModule {
  createHandler(dependencies: { connect: () => Promise<FakeClient> }): (event: PostConfirmationEvent) => Promise<PostConfirmationEvent>;
  displayNameOf(attributes: Record<string, string>): string;
  INSERT_USER: string;
  handler: (event: PostConfirmationEvent) => Promise<PostConfirmationEvent>;
}

const folder = path.resolve(__dirname, "..", "..", "..", "examples", "fargate-cognito-uploads", "functions", "post-confirmation");
const trigger = jest.requireActual<TriggerModule>(path.join(folder, "index.js"));

function fakeClient(failWith?: Error): FakeClient {
  return {
    queries: [],
    ended: 0,
    async query(text, values) {
      this.queries.push({ text, values });
      if (failWith !== undefined) throw failWith;
      return { rowCount: 1 };
    },
    async end() {
      this.ended += 1;
    },
  };
}

function eventOf(triggerSource: PostConfirmationEvent["triggerSource"], userAttributes: Record<string, string>): PostConfirmationEvent {
  return {
    version: "1",
    region: "eu-west-1",
    userPoolId: "eu-west-1_AbCdEfGhI",
    userName: "3f1c2d4e-0000-4000-8000-000000000001",
    callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId: "1example23456789" },
    triggerSource,
    request: { userAttributes },
    response: {},
  };
}

const attributes = { sub: "3f1c2d4e-0000-4000-8000-000000000001", email: "ada@example.com", email_verified: "true" };

describe("post-confirmation trigger", () => {
  test("a confirmed sign-up inserts the user once, with parameters, idempotently; the event comes back unchanged", async () => {
    const client = fakeClient();
    const connect = jest.fn(async () => client);
    const event = eventOf("PostConfirmation_ConfirmSignUp", { ...attributes, name: " Ada Lovelace " });
    const before = JSON.parse(JSON.stringify(event)) as PostConfirmationEvent;
    const returned = await trigger.createHandler({ connect })(event);
    expect(returned).toBe(event);
    expect(returned).toEqual(before);
    expect(connect).toHaveBeenCalledTimes(1);
    expect(client.queries).toEqual([
      {
        text: "INSERT INTO users (cognito_user_id, email, display_name) VALUES ($1, $2, $3) ON CONFLICT (cognito_user_id) DO NOTHING",
        values: ["3f1c2d4e-0000-4000-8000-000000000001", "ada@example.com", "Ada Lovelace"],
      },
    ]);
    expect(client.ended).toBe(1);
  });

  test("no value is written into the SQL text: a hostile name travels as a parameter", async () => {
    const client = fakeClient();
    const name = "Robert'); DROP TABLE users;--";
    await trigger.createHandler({ connect: async () => client })(eventOf("PostConfirmation_ConfirmSignUp", { ...attributes, name }));
    expect(client.queries[0]!.text).toBe(trigger.INSERT_USER);
    expect(client.queries[0]!.text).not.toContain("Robert");
    expect(client.queries[0]!.values).toContain(name);
  });

  test("without a name attribute, the display name is the email's local part", async () => {
    const client = fakeClient();
    await trigger.createHandler({ connect: async () => client })(eventOf("PostConfirmation_ConfirmSignUp", attributes));
    expect(client.queries[0]!.values[2]).toBe("ada");
    expect(trigger.displayNameOf({ email: "grace.hopper@example.com", name: "   " })).toBe("grace.hopper");
  });

  test("a confirmed forgotten password touches nothing and returns the event", async () => {
    const connect = jest.fn(async () => fakeClient());
    const event = eventOf("PostConfirmation_ConfirmForgotPassword", attributes);
    await expect(trigger.createHandler({ connect })(event)).resolves.toBe(event);
    expect(connect).not.toHaveBeenCalled();
  });

  test("a database error is thrown again (Cognito reports the failure), and the connection is still closed", async () => {
    const client = fakeClient(new Error("connection reset"));
    await expect(trigger.createHandler({ connect: async () => client })(eventOf("PostConfirmation_ConfirmSignUp", attributes))).rejects.toThrow("connection reset");
    expect(client.ended).toBe(1);
  });

  test("a failed connection is thrown too", async () => {
    const connect = async (): Promise<FakeClient> => {
      throw new Error("timeout expired");
    };
    await expect(trigger.createHandler({ connect })(eventOf("PostConfirmation_ConfirmSignUp", attributes))).rejects.toThrow("timeout expired");
  });

  test("an event without sub or email is refused before any connection", async () => {
    const connect = jest.fn(async () => fakeClient());
    const handler = trigger.createHandler({ connect });
    await expect(handler(eventOf("PostConfirmation_ConfirmSignUp", { email: "ada@example.com" }))).rejects.toThrow(/no sub attribute/);
    await expect(handler(eventOf("PostConfirmation_ConfirmSignUp", { sub: attributes.sub }))).rejects.toThrow(/no email attribute/);
    expect(connect).not.toHaveBeenCalled();
  });

  test("the Lambda entry point returns a forgotten password's event untouched, and names a missing setting before loading any driver", async () => {
    const saved = { ...process.env };
    for (const name of ["DB_HOST", "DB_PORT", "DB_NAME", "DB_USER"]) delete process.env[name];
    try {
      const forgot = eventOf("PostConfirmation_ConfirmForgotPassword", attributes);
      await expect(trigger.handler(forgot)).resolves.toBe(forgot);
      await expect(trigger.handler(eventOf("PostConfirmation_ConfirmSignUp", attributes))).rejects.toThrow("the environment variable DB_HOST is not set");
    } finally {
      process.env = saved;
    }
  });

  test("loading the module loads no database driver nor signer; the package declares both for the real handler", () => {
    expect(Object.keys(require.cache).some((file) => /[\\/]node_modules[\\/](pg|@aws-sdk[\\/]rds-signer)[\\/]/.test(file))).toBe(false);
    expect(typeof trigger.handler).toBe("function");
    const pkg = JSON.parse(fs.readFileSync(path.join(folder, "package.json"), "utf8")) as { dependencies: Record<string, string>; main: string };
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["@aws-sdk/rds-signer", "pg"]);
    expect(pkg.main).toBe("index.js");
  });
});
