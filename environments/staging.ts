import type { EnvironmentInput } from "./config";

/**
 * Staging: the cheapest setup that runs the whole product. Edit the account id, region, zones
 * and state bucket for your own AWS account; `npm run synth` checks every value.
 */
export const staging: EnvironmentInput = {
  project: "acme",
  name: "staging",
  accountId: "123456789012",
  region: "us-east-1",
  protected: false,
  logRetentionDays: 14,
  network: {
    cidr: "10.10.0.0/16",
    availabilityZones: ["us-east-1a", "us-east-1b"],
    // The cheapest egress that lets builds in the private subnets fetch packages (about $7 a month).
    egress: "nat-instance",
    natLayout: "single",
    flowLogs: "rejected",
  },
  state: {
    bucket: "acme-terraform-state-123456789012",
    region: "us-east-1",
  },
  tags: {
    CostCenter: "web",
  },
};
