package com.langfuse.agent.instrumentation.bedrock;

import com.langfuse.agent.bootstrap.trace.AgentClock;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;

/**
 * The span of one ConverseStream call, which accumulates the streamed events into the response
 * message and ends exactly once, when the call's future completes or fails.
 *
 * <p>Events arrive on the SDK's threads while the future may complete on another, so every method
 * synchronizes on the observation. Fields of the events are read by wire name, so SDK versions that
 * lack a newer delta type (such as reasoning content) still link.
 */
final class ConverseStreamObservation {

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final SpanData span;
  private final Map<Integer, Block> blocks = new TreeMap<>();
  private String role;
  private String stopReason;
  private Usage usage;
  private String requestId;
  private long firstDeltaNanos;
  private boolean ended;

  ConverseStreamObservation(SpanData span) {
    this.span = span;
  }

  synchronized void onResponse(Object response) {
    requestId = ConverseResults.requestId(response);
  }

  synchronized void onEvent(Object event) {
    if (ended) {
      return;
    }
    try {
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
    } catch (Throwable t) {
      BedrockGeneration.logCaptureFailure("reading a stream event", t);
    }
  }

  /** Records what the stream delivered and ends the span; {@code error} is null on success. */
  void finish(Throwable error) {
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
    }
    try {
      record();
      if (error != null) {
        span.recordError(ErrorDescriptions.describe(error));
      }
    } catch (Throwable t) {
      BedrockGeneration.logCaptureFailure("recording a stream", t);
    } finally {
      span.end();
    }
  }

  synchronized boolean isEnded() {
    return ended;
  }

  private synchronized void record() {
    BedrockSpans.recordResponseIdentity(span, requestId, null);
    BedrockSpans.recordStopReason(span, stopReason);
    if (usage != null) {
      usage.recordTo(span);
    }
    if (firstDeltaNanos != 0) {
      span.setAttribute(
          LangfuseAttributes.OBSERVATION_COMPLETION_START_TIME, isoMillis(firstDeltaNanos));
    }
    if (blocks.isEmpty() && role == null) {
      return;
    }
    long estimate = 64;
    for (Block block : blocks.values()) {
      estimate += block.estimatedBytes();
    }
    // The blocks no longer change once the observation has ended.
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
  private synchronized String output() {
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

  static String isoMillis(long epochNanos) {
    return ISO_MILLIS.format(
        Instant.ofEpochSecond(
            Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L)));
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
