package com.langfuse.agent.instrumentation.bedrock;

import com.langfuse.agent.bootstrap.trace.AgentClock;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import com.langfuse.agent.instrumentation.genai.StreamAccumulator;
import com.langfuse.agent.instrumentation.genai.StreamObservation;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.PayloadPart;

/**
 * Reads the chunks of one InvokeModelWithResponseStream call. Each chunk is a JSON document in the
 * model's own streaming format: Claude's Messages stream events, Amazon Nova's {@code
 * contentBlockDelta}, {@code messageStop} and {@code metadata} events, or Meta Llama's {@code
 * generation} pieces. Their text becomes the output, and the first chunk with text sets the time to
 * first token. The token counts come from the chunks, or else from the {@code
 * amazon-bedrock-invocationMetrics} object that Bedrock adds to the last chunk of every model.
 *
 * <p>The {@link StreamObservation} that owns it serializes every call.
 */
final class InvokeModelStreamAccumulator implements StreamAccumulator<Object> {

  private static final String INVOCATION_METRICS = "amazon-bedrock-invocationMetrics";

  private final ModelFamily family;
  private final StringBuilder text = new StringBuilder();
  private final Usage usage = new Usage();
  private final Usage metricsUsage = new Usage();
  private String id;
  private String model;
  private String stopReason;
  private String requestId;
  private long firstTokenNanos;

  InvokeModelStreamAccumulator(ModelFamily family) {
    this.family = family;
  }

  @Override
  public void add(Object item) {
    if (item instanceof InvokeModelWithResponseStreamResponse) {
      requestId = ConverseResults.requestId(item);
    } else if (item instanceof PayloadPart) {
      SdkBytes bytes = ((PayloadPart) item).bytes();
      JsonNode chunk = JsonNodes.parse(bytes);
      if (chunk != null) {
        addChunk(chunk);
      }
    }
  }

  @Override
  public void recordTo(SpanData span) {
    GenAiSpans.recordResponseIdentity(span, id != null ? id : requestId, model);
    GenAiSpans.recordStopReason(span, stopReason);
    GenAiSpans.recordCompletionStart(span, firstTokenNanos);
    (usage.input == null && usage.output == null ? metricsUsage : usage).recordTo(span);
    if (text.length() > 0) {
      String output = text.toString();
      span.setDeferredAttribute(
          LangfuseAttributes.OBSERVATION_OUTPUT,
          () -> JsonText.string(new StringBuilder(output.length() + 16), output).toString(),
          output.length() + 16L);
    }
  }

  private void addChunk(JsonNode chunk) {
    JsonNode metrics = JsonNodes.get(chunk, INVOCATION_METRICS);
    if (metrics != null) {
      metricsUsage.input = JsonNodes.number(metrics, "inputTokenCount");
      metricsUsage.output = JsonNodes.number(metrics, "outputTokenCount");
    }
    String delta;
    switch (family) {
      case ANTHROPIC:
        delta = claudeChunk(chunk);
        break;
      case NOVA:
        delta = novaChunk(chunk);
        break;
      case LLAMA:
        delta = llamaChunk(chunk);
        break;
      default:
        delta = null;
        break;
    }
    if (delta != null && !delta.isEmpty()) {
      if (firstTokenNanos == 0) {
        firstTokenNanos = AgentClock.nowEpochNanos();
      }
      text.append(delta);
    }
  }

  /** Reads one Claude Messages stream event and returns the text it adds, or null. */
  private String claudeChunk(JsonNode chunk) {
    String type = JsonNodes.text(chunk, "type");
    if ("message_start".equals(type)) {
      JsonNode message = JsonNodes.get(chunk, "message");
      id = JsonNodes.text(message, "id");
      model = JsonNodes.text(message, "model");
      JsonNode start = JsonNodes.get(message, "usage");
      usage.input = JsonNodes.number(start, "input_tokens");
      usage.cacheRead = JsonNodes.number(start, "cache_read_input_tokens");
      usage.cacheWrite = JsonNodes.number(start, "cache_creation_input_tokens");
    } else if ("message_delta".equals(type)) {
      String reason = JsonNodes.text(JsonNodes.get(chunk, "delta"), "stop_reason");
      stopReason = reason != null ? reason : stopReason;
      Long output = JsonNodes.number(JsonNodes.get(chunk, "usage"), "output_tokens");
      usage.output = output != null ? output : usage.output;
    } else if ("content_block_delta".equals(type)) {
      return JsonNodes.text(JsonNodes.get(chunk, "delta"), "text");
    }
    return null;
  }

  /** Reads one Amazon Nova stream event and returns the text it adds, or null. */
  private String novaChunk(JsonNode chunk) {
    JsonNode stop = JsonNodes.get(chunk, "messageStop");
    if (stop != null) {
      stopReason = JsonNodes.text(stop, "stopReason");
    }
    JsonNode metadata = JsonNodes.get(JsonNodes.get(chunk, "metadata"), "usage");
    if (metadata != null) {
      usage.input = JsonNodes.number(metadata, "inputTokens");
      usage.output = JsonNodes.number(metadata, "outputTokens");
    }
    JsonNode delta = JsonNodes.get(JsonNodes.get(chunk, "contentBlockDelta"), "delta");
    return JsonNodes.text(delta, "text");
  }

  /** Reads one Meta Llama chunk and returns the text it adds, or null. */
  private String llamaChunk(JsonNode chunk) {
    String reason = JsonNodes.text(chunk, "stop_reason");
    stopReason = reason != null ? reason : stopReason;
    Long input = JsonNodes.number(chunk, "prompt_token_count");
    usage.input = input != null ? input : usage.input;
    Long output = JsonNodes.number(chunk, "generation_token_count");
    usage.output = output != null ? output : usage.output;
    return JsonNodes.text(chunk, "generation");
  }
}
