import { ServiceDiscoveryPrivateDnsNamespace } from "@cdktf/provider-aws/lib/service-discovery-private-dns-namespace";
import { ServiceDiscoveryService } from "@cdktf/provider-aws/lib/service-discovery-service";
import { Construct } from "constructs";
import type { FargateServiceProps, NamespaceRef } from "./props";
import type { Settings } from "./validate";

/** The service's Cloud Map registration. */
export interface CloudMapRegistration {
  readonly namespace: NamespaceRef;
  readonly service: ServiceDiscoveryService;
  /** `<serviceName>.<namespace>`. */
  readonly internalDnsName: string;
}

/**
 * A Cloud Map service with SRV and A records (`CloudMapService`), in the namespace passed in or
 * a private DNS namespace made for it in the VPC (`Namespace`). ECS registers each task.
 */
export function cloudMapRegistration(scope: Construct, props: FargateServiceProps, s: Settings, prefix: string): CloudMapRegistration {
  const namespace =
    props.namespace ??
    new ServiceDiscoveryPrivateDnsNamespace(scope, "Namespace", {
      name: s.namespaceName,
      vpc: props.network.vpcId,
      description: `Service discovery for ${props.name}`,
      tags: { Name: s.namespaceName },
    });
  const service = new ServiceDiscoveryService(scope, "CloudMapService", {
    name: props.serviceName,
    description: `${prefix} tasks`,
    dnsConfig: {
      namespaceId: namespace.id,
      routingPolicy: "MULTIVALUE",
      // SRV for API Gateway's integration (it needs the port), A for services calling each other.
      dnsRecords: [
        { type: "SRV", ttl: 10 },
        { type: "A", ttl: 10 },
      ],
    },
    // ECS reports task health to Cloud Map itself.
    healthCheckCustomConfig: { failureThreshold: 1 },
    tags: { Name: prefix },
  });
  const namespaceName = props.namespace ? props.namespace.name : s.namespaceName;
  return { namespace, service, internalDnsName: `${props.serviceName}.${namespaceName}` };
}
