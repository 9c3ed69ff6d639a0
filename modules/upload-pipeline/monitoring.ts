import type { IConstruct } from "constructs";
import type { AlarmThresholds, Monitorable, MonitoringSpec } from "../shared/monitorable";

/** What the pipeline's row reads: its two functions (a `LambdaFunction` each). */
export interface MonitoredUploadPipeline extends IConstruct {
  readonly presignFunction: Monitorable;
  readonly thumbnailFunction: Monitorable;
}

/**
 * The pipeline's alarms and graphs: the presign function's and the thumbnail function's, as
 * `LambdaFunction` gives them (errors, throttles, p99 duration against the timeout, and any
 * event waiting in the failure queue: for the thumbnail function, an upload S3 announced that
 * got no thumbnails). Nothing is added: the failure queue is already watched.
 */
export function uploadPipelineMonitoringSpec(pipeline: MonitoredUploadPipeline, thresholds: AlarmThresholds): MonitoringSpec {
  const presign = pipeline.presignFunction.monitoringSpec(thresholds);
  const thumbnail = pipeline.thumbnailFunction.monitoringSpec(thresholds);
  return {
    title: `Uploads (${pipeline.node.id})`,
    graphs: [
      ...presign.graphs.map((graph) => ({ ...graph, title: `Presign: ${graph.title}` })),
      ...thumbnail.graphs.map((graph) => ({ ...graph, title: `Thumbnail: ${graph.title}` })),
    ],
    alarms: [...presign.alarms, ...thumbnail.alarms],
  };
}
