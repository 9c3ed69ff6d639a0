import { hasText, isTrue } from "../../json";
import { notApplicable, Rule, verdictOf } from "../../types";

export const backendStateEncryptedLocked: Rule = {
  id: "backend-state-encrypted-locked",
  level: "error",
  resourceTypes: ["terraform_backend"],
  summary: "S3 state backend without encryption or locking",
  why: "State holds every resource's attributes, secrets included, so it must be encrypted at rest; without a lock two applies can run at once and corrupt it.",
  check(backend) {
    if (backend.name !== "s3") return notApplicable(`the ${backend.name} backend is not shared S3 state`);
    const { encrypt, use_lockfile: useLockfile, dynamodb_table: dynamodbTable } = backend.values;
    const problems: string[] = [];
    if (!isTrue(encrypt)) problems.push(encrypt === undefined ? "encrypt not set (default false)" : `encrypt is ${JSON.stringify(encrypt)}`);
    if (!isTrue(useLockfile) && !hasText(dynamodbTable)) {
      problems.push("no locking: use_lockfile is not true and no dynamodb_table is set");
    }
    return verdictOf(problems);
  },
};
