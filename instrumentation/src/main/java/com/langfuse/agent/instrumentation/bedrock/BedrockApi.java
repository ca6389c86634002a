package com.langfuse.agent.instrumentation.bedrock;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiApi;
import com.langfuse.agent.instrumentation.genai.GenAiProvider;
import com.langfuse.agent.instrumentation.genai.StreamAccumulator;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;

/** The traced Bedrock Runtime operations: how each one's response is read. */
enum BedrockApi implements GenAiApi {
  CONVERSE("converse") {
    @Override
    public void recordResponse(SpanData span, Object response) {
      ConverseResults.record(span, (SdkPojo) response);
    }
  },

  CONVERSE_STREAM("converse stream") {
    @Override
    public StreamAccumulator<?> newStreamAccumulator() {
      return new ConverseStreamAccumulator();
    }
  },

  INVOKE_MODEL("invoke model") {
    @Override
    public void recordResponse(SpanData span, Object response) {
      Object modelId = span.attribute(LangfuseAttributes.GEN_AI_REQUEST_MODEL);
      InvokeModelResults.record(
          span,
          modelId instanceof String ? (String) modelId : null,
          (InvokeModelResponse) response);
    }
  };

  /**
   * The provider {@code aws.bedrock}, the name the GenAI semantic conventions give Amazon Bedrock,
   * with this module's error descriptions.
   */
  static final GenAiProvider PROVIDER =
      new GenAiProvider("aws.bedrock", ErrorDescriptions::describe);

  private final String displayName;

  BedrockApi(String displayName) {
    this.displayName = displayName;
  }

  @Override
  public String displayName() {
    return displayName;
  }

  @Override
  public void recordResponse(SpanData span, Object response) {
    throw new UnsupportedOperationException(displayName + " has no response to record");
  }

  @Override
  public StreamAccumulator<?> newStreamAccumulator() {
    throw new UnsupportedOperationException(displayName + " does not stream");
  }
}
