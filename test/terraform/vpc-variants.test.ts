import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack } from "cdktf";
import { Vpc2Az } from "../../modules/vpc-2az";
import { describeOfflineTerraform } from "../support/offline";

/**
 * The network layouts the environments do not use, planned by Terraform too: NAT instances and
 * NAT gateways in every AZ, flow logs off and on, every interface endpoint, a small VPC, and a
 * second, aliased provider.
 */
describeOfflineTerraform("vpc-variants", (outdir) => {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "vpc-variants");
  new AwsProvider(stack, "Aws", { region: "eu-west-1", allowedAccountIds: ["123456789012"] });
  new AwsProvider(stack, "AwsUsEast1", { region: "us-east-1", alias: "us_east_1", allowedAccountIds: ["123456789012"] });
  new Vpc2Az(stack, "InstancesPerAz", {
    name: "variants-instances",
    region: "eu-west-1",
    cidr: "10.30.0.0/24",
    availabilityZones: ["eu-west-1a", "eu-west-1b"],
    egress: "nat-instance",
    natLayout: "per-az",
    flowLogs: "off",
    interfaceEndpoints: ["logs", "secretsmanager", "ssm", "ecr.api", "ecr.dkr", "sts", "kms"],
  });
  new Vpc2Az(stack, "GatewaysPerAz", {
    name: "variants-gateways",
    region: "eu-west-1",
    cidr: "10.40.0.0/16",
    availabilityZones: ["eu-west-1b", "eu-west-1c"],
    subnetPrefixLength: 20,
    egress: "nat-gateway",
    natLayout: "per-az",
    flowLogs: "all",
    flowLogRetentionDays: 7,
  });
  app.synth();
});
