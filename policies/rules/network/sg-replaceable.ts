import { block, hasText, readFlag } from "../../json";
import { Rule, verdictOf } from "../../types";

export const sgReplaceable: Rule = {
  id: "sg-replaceable",
  level: "error",
  resourceTypes: ["aws_security_group"],
  summary: "Security group with a fixed name or without create_before_destroy",
  why: "A changed description or name replaces a security group. Terraform deletes first by default, and AWS refuses to delete a group that network interfaces still use, so the apply stalls and fails; a fixed name cannot exist twice, so the new group cannot be created first either. name_prefix and create_before_destroy create the new group, move everything to it, then delete the old one.",
  check(group) {
    const problems: string[] = [];
    const name = group.values.name;
    if (hasText(name)) {
      problems.push(`name is fixed (${JSON.stringify(name)}): a replacement cannot be created beside it; use name_prefix ("<name>-") and keep the name in the Name tag`);
    } else if (name !== undefined && name !== null) {
      problems.push(`name is ${JSON.stringify(name)}; leave it out and use name_prefix`);
    }
    const createBeforeDestroy = block(group.values.lifecycle)?.create_before_destroy;
    const flag = readFlag(createBeforeDestroy, "lifecycle.create_before_destroy", false);
    if (!flag.ok) problems.push(flag.detail);
    else if (!flag.value) {
      problems.push(
        createBeforeDestroy === undefined
          ? "lifecycle.create_before_destroy not set: a replacement would delete the group while it is in use"
          : "lifecycle.create_before_destroy is false: a replacement would delete the group while it is in use",
      );
    }
    return verdictOf(problems);
  },
};
