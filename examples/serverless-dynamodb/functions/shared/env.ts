/**
 * Reads the variables the stack sets on the function, once, at start-up: a missing one fails the
 * cold start with its name, instead of every request failing later with a vaguer error.
 */
export function readEnv<const Name extends string>(names: readonly Name[], env: NodeJS.ProcessEnv = process.env): Record<Name, string> {
  const values = {} as Record<Name, string>;
  for (const name of names) {
    const value = env[name];
    if (value === undefined || value === "") {
      throw new Error(`the environment variable ${name} is not set: the stack sets it on the function (examples/serverless-dynamodb)`);
    }
    values[name] = value;
  }
  return values;
}
