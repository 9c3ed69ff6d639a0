import type { EnvironmentInput } from "./config";

/**
 * Production: the same modules as staging with data protection on, longer log retention and
 * managed NAT. Edit the account id, region, zones and state bucket for your own AWS account.
 */
export const production: EnvironmentInput = {
  project: "acme",
  name: "production",
  accountId: "123456789012",
  region: "us-east-1",
  protected: true,
  logRetentionDays: 365,
  network: {
    cidr: "10.20.0.0/16",
    availabilityZones: ["us-east-1a", "us-east-1b"],
    // A managed NAT gateway (about $37 a month): no instance to patch. Use "per-az" to survive
    // an AZ outage at twice the cost, or "nat-instance" to save most of it.
    egress: "nat-gateway",
    natLayout: "single",
    flowLogs: "all",
  },
  state: {
    bucket: "acme-terraform-state-123456789012",
    region: "us-east-1",
  },
  tags: {
    CostCenter: "web",
  },
};
