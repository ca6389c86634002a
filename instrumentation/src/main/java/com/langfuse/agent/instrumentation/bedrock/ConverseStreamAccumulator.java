package com.langfuse.agent.instrumentation.bedrock;

import com.langfuse.agent.bootstrap.trace.AgentClock;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import com.langfuse.agent.instrumentation.genai.StreamAccumulator;
import com.langfuse.agent.instrumentation.genai.StreamObservation;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;

/**
 * Assembles the events of one ConverseStream call into the message Converse would have returned,
 * with its stop reason, usage and the time of the first content delta.
 *
 * <p>Fields of the events are read by wire name, so SDK versions that lack a newer delta type (such
 * as reasoning content) still link. The {@link StreamObservation} that owns it serializes every
 * call.
 */
final class ConverseStreamAccumulator implements StreamAccumulator<Object> {

  private final Map<Integer, Block> blocks = new TreeMap<>();
  private String role;
  private String stopReason;
  private Usage usage;
  private String requestId;
  private long firstDeltaNanos;

  /** Takes the initial response, which carries the AWS request id, or a stream event. */
  @Override
  public void add(Object item) {
    if (item instanceof ConverseStreamResponse) {
      requestId = ConverseResults.requestId(item);
    } else {
      addEvent(item);
    }
  }

  private void addEvent(Object event) {
    if (event instanceof ContentBlockDeltaEvent) {
      if (firstDeltaNanos == 0) {
        firstDeltaNanos = AgentClock.nowEpochNanos();
      }
      onDelta((SdkPojo) event);
    } else if (event instanceof ContentBlockStartEvent) {
      onBlockStart((SdkPojo) event);
    } else if (event instanceof MessageStartEvent) {
      role = text(SdkJson.field((SdkPojo) event, "role"));
    } else if (event instanceof MessageStopEvent) {
      stopReason = text(SdkJson.field((SdkPojo) event, "stopReason"));
    } else if (event instanceof ConverseStreamMetadataEvent) {
      Object tokenUsage = SdkJson.field((SdkPojo) event, "usage");
      if (tokenUsage instanceof SdkPojo) {
        usage = ConverseResults.usage((SdkPojo) tokenUsage);
      }
    }
  }

  @Override
  public void recordTo(SpanData span) {
    GenAiSpans.recordResponseIdentity(span, requestId, null);
    GenAiSpans.recordStopReason(span, stopReason);
    if (usage != null) {
      usage.recordTo(span);
    }
    GenAiSpans.recordCompletionStart(span, firstDeltaNanos);
    if (blocks.isEmpty() && role == null) {
      return;
    }
    long estimate = 64;
    for (Block block : blocks.values()) {
      estimate += block.estimatedBytes();
    }
    // The observation ends once it has recorded, so the blocks no longer change.
    span.setDeferredAttribute(LangfuseAttributes.OBSERVATION_OUTPUT, this::output, estimate);
  }

  private void onBlockStart(SdkPojo event) {
    Object start = SdkJson.field(event, "start");
    Object toolUse = start instanceof SdkPojo ? SdkJson.field((SdkPojo) start, "toolUse") : null;
    if (toolUse instanceof SdkPojo) {
      Block block = block(event);
      block.toolUseId = text(SdkJson.field((SdkPojo) toolUse, "toolUseId"));
      block.name = text(SdkJson.field((SdkPojo) toolUse, "name"));
    }
  }

  private void onDelta(SdkPojo event) {
    Object delta = SdkJson.field(event, "delta");
    if (!(delta instanceof SdkPojo)) {
      return;
    }
    SdkPojo content = (SdkPojo) delta;
    Block block = block(event);
    String text = text(SdkJson.field(content, "text"));
    if (text != null) {
      block.text.append(text);
    }
    Object toolUse = SdkJson.field(content, "toolUse");
    if (toolUse instanceof SdkPojo) {
      String input = text(SdkJson.field((SdkPojo) toolUse, "input"));
      if (input != null) {
        block.toolInput.append(input);
      }
    }
    Object reasoning = SdkJson.field(content, "reasoningContent");
    if (reasoning instanceof SdkPojo) {
      String reasoningText = text(SdkJson.field((SdkPojo) reasoning, "text"));
      if (reasoningText != null) {
        block.reasoning.append(reasoningText);
      }
    }
  }

  private Block block(SdkPojo event) {
    Object index = SdkJson.field(event, "contentBlockIndex");
    int key = index instanceof Number ? ((Number) index).intValue() : 0;
    return blocks.computeIfAbsent(key, unused -> new Block());
  }

  /** Returns the message as Converse would have returned it, with the stop reason. */
  private String output() {
    StringBuilder out = new StringBuilder(256).append('{');
    JsonText.key(out, "role");
    JsonText.string(out, role != null ? role : "assistant");
    JsonText.key(out, "content").append('[');
    boolean first = true;
    for (Block block : blocks.values()) {
      if (!first) {
        out.append(',');
      }
      block.appendTo(out);
      first = false;
    }
    out.append(']');
    if (stopReason != null) {
      JsonText.key(out, "stopReason");
      JsonText.string(out, stopReason);
    }
    return out.append('}').toString();
  }

  private static String text(Object value) {
    return value instanceof String ? (String) value : null;
  }

  /** One content block of the streamed message. */
  private static final class Block {
    final StringBuilder text = new StringBuilder();
    final StringBuilder toolInput = new StringBuilder();
    final StringBuilder reasoning = new StringBuilder();
    String toolUseId;
    String name;

    long estimatedBytes() {
      return 48 + text.length() + toolInput.length() + reasoning.length();
    }

    void appendTo(StringBuilder out) {
      if (toolUseId != null || name != null || toolInput.length() > 0) {
        out.append("{\"toolUse\":{");
        if (toolUseId != null) {
          JsonText.key(out, "toolUseId");
          JsonText.string(out, toolUseId);
        }
        if (name != null) {
          JsonText.key(out, "name");
          JsonText.string(out, name);
        }
        JsonText.key(out, "input");
        appendToolInput(out, toolInput.toString());
        out.append("}}");
      } else if (reasoning.length() > 0) {
        out.append("{\"reasoningContent\":{\"reasoningText\":{\"text\":");
        JsonText.string(out, reasoning.toString());
        out.append("}}}");
      } else {
        out.append("{\"text\":");
        JsonText.string(out, text.toString());
        out.append('}');
      }
    }

    /** Appends the streamed tool input as JSON when it parses, else as a string. */
    private static void appendToolInput(StringBuilder out, String input) {
      if (input.isEmpty()) {
        out.append("{}");
        return;
      }
      try {
        JsonNode parsed = JsonNode.parser().parse(input);
        JsonNodes.append(out, parsed, 1);
      } catch (RuntimeException e) {
        JsonText.string(out, input);
      }
    }
  }
}
