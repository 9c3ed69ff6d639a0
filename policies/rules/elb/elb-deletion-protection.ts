import { expectFlag } from "../../json";
import { Rule } from "../../types";
import { LOAD_BALANCERS, unlessApplication } from "./_shared";

/** In a protected environment an application load balancer cannot be deleted without turning protection off first. */
export const elbDeletionProtection: Rule = {
  id: "elb-deletion-protection",
  checkov: "CKV_AWS_150",
  level: "error",
  resourceTypes: LOAD_BALANCERS,
  attributes: ["enable_deletion_protection"],
  protectedOnly: true,
  summary: "Application load balancer without deletion protection",
  why: "Without it one API call or an unlucky plan deletes the production load balancer and its DNS name, and every client is cut off until a new one is created and DNS follows.",
  check(lb) {
    return unlessApplication(lb) ?? expectFlag(lb, "enable_deletion_protection", true, false);
  },
};
