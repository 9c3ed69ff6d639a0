import { isExpression, numberOf, unreadable } from "../../json";
import { fail, pass, Rule } from "../../types";

export const rdsStorageAutoscaling: Rule = {
  id: "rds-storage-autoscaling",
  level: "error",
  resourceTypes: ["aws_db_instance"],
  attributes: ["max_allocated_storage"],
  protectedOnly: true,
  summary: "RDS instance without storage autoscaling",
  why: "An instance that runs out of storage stops accepting writes; autoscaling grows it before that happens.",
  check(instance) {
    const max = instance.values.max_allocated_storage;
    if (isExpression(max)) return pass();
    const maxGiB = numberOf(max);
    if (maxGiB === "missing" || maxGiB === 0) return fail("max_allocated_storage not set: storage autoscaling is off");
    if (maxGiB === "unreadable") return fail(unreadable("max_allocated_storage", max));
    const allocated = numberOf(instance.values.allocated_storage);
    if (typeof allocated === "number" && maxGiB <= allocated) {
      return fail(`max_allocated_storage is ${maxGiB}, not above allocated_storage ${allocated}: storage cannot grow`);
    }
    return pass();
  },
};
