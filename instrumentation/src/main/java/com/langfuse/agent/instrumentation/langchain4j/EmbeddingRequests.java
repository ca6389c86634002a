package com.langfuse.agent.instrumentation.langchain4j;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import dev.langchain4j.model.embedding.request.EmbeddingInput;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code EmbeddingRequest} and {@code EmbeddingResponse} types of newer LangChain4j
 * versions. They are kept apart from {@link EmbeddingCall}, so older versions, which lack them,
 * never load this class.
 */
final class EmbeddingRequests {

  private EmbeddingRequests() {}

  static EmbeddingCall start(Object model, Object request) {
    EmbeddingRequest embeddingRequest = (EmbeddingRequest) request;
    List<String> texts = new ArrayList<>();
    for (EmbeddingInput input : embeddingRequest.inputs()) {
      texts.add(input.text());
    }
    return EmbeddingCall.start(model, texts);
  }

  static void recordResponse(SpanData span, Object returned) {
    if (!(returned instanceof EmbeddingResponse)) {
      return;
    }
    EmbeddingResponse response = (EmbeddingResponse) returned;
    String model = response.modelName();
    if (model != null && !model.isEmpty() && !model.equals("unknown")) {
      span.setAttribute(LangfuseAttributes.GEN_AI_RESPONSE_MODEL, model);
    }
    TokenUsages.record(span, response.tokenUsage());
  }
}
