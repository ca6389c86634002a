package com.langfuse.agent.bootstrap.export;

import com.langfuse.agent.bootstrap.trace.SpanData;
import java.util.List;

/**
 * Encodes spans and sends them to Langfuse. The implementation lives in the agent's own class
 * loader, and the TaskManager in the bootstrap loader drives it through this interface, always
 * from its consumer thread, and owns batching and the retry policy.
 */
public interface SpanExporter {

  /**
   * Encodes {@code spans} into request bodies, each no larger than the configured maximum request
   * size, splitting the batch as needed. A span that cannot fit in any request, or cannot be
   * encoded, is left out and counted in {@code stats} with {@link DropReason#TOO_LARGE} or
   * {@link DropReason#ENCODING_FAILED}.
   */
  List<ExportRequest> encode(List<SpanData> spans, AgentStats stats);

  /** Sends one request once, with the configured timeout, and classifies the answer. */
  SendResult send(ExportRequest request);

  /**
   * Closes every connection and stops every thread the exporter holds. The exporter is not used
   * again; a new one is created when export resumes.
   */
  void close();
}
