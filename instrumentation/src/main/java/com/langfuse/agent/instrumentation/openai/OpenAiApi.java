package com.langfuse.agent.instrumentation.openai;

import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiApi;
import com.langfuse.agent.instrumentation.genai.StreamAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;

/** What differs between the traced OpenAI APIs: how to read a request, a response and a stream. */
enum OpenAiApi implements GenAiApi {
  CHAT("chat completion") {
    @Override
    SpanData start(Object params, boolean streaming, Object service) {
      return ChatRequests.start((ChatCompletionCreateParams) params, streaming, service);
    }

    @Override
    public void recordResponse(SpanData span, Object response) {
      ChatResults.record(span, (ChatCompletion) response);
    }

    @Override
    public StreamAccumulator<?> newStreamAccumulator() {
      return new ChatStreamAccumulator();
    }
  },

  RESPONSES("responses") {
    @Override
    SpanData start(Object params, boolean streaming, Object service) {
      return ResponseRequests.start((ResponseCreateParams) params, streaming);
    }

    @Override
    public void recordResponse(SpanData span, Object response) {
      ResponseResults.record(span, (Response) response);
    }

    @Override
    public StreamAccumulator<?> newStreamAccumulator() {
      return new ResponseStreamAccumulator();
    }
  },

  EMBEDDINGS("embeddings") {
    @Override
    SpanData start(Object params, boolean streaming, Object service) {
      return EmbeddingCapture.start((EmbeddingCreateParams) params);
    }

    @Override
    public void recordResponse(SpanData span, Object response) {
      EmbeddingCapture.record(span, (CreateEmbeddingResponse) response);
    }

    /** Embeddings do not stream; the advice never asks for this. */
    @Override
    public StreamAccumulator<?> newStreamAccumulator() {
      throw new UnsupportedOperationException("the embeddings API has no streaming form");
    }
  };

  private final String displayName;

  OpenAiApi(String displayName) {
    this.displayName = displayName;
  }

  /** Returns the API of {@code operation}, or null for a code this handler does not know. */
  static OpenAiApi forOperation(int operation) {
    switch (OpenAiOperations.api(operation)) {
      case OpenAiOperations.API_CHAT:
        return CHAT;
      case OpenAiOperations.API_RESPONSES:
        return RESPONSES;
      case OpenAiOperations.API_EMBEDDINGS:
        return EMBEDDINGS;
      default:
        return null;
    }
  }

  @Override
  public String displayName() {
    return displayName;
  }

  /**
   * Starts the span of a call of {@code service} with request {@code params} and records what the
   * request contains.
   */
  abstract SpanData start(Object params, boolean streaming, Object service);

  /** Records the parsed response of a call that did not stream. */
  @Override
  public abstract void recordResponse(SpanData span, Object response);

  @Override
  public abstract StreamAccumulator<?> newStreamAccumulator();
}
