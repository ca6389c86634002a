package com.langfuse.agent.bootstrap.trace;

import java.util.Set;

/**
 * The content policy: the span attribute keys that carry prompt or completion content, and whether
 * such content is captured at all ({@code LANGFUSE_CAPTURE_CONTENT}).
 *
 * <p>{@link SpanData} consults this policy when an attribute is set, on the application thread:
 * with capture off, a content attribute is never stored, and a deferred one is never computed. So
 * every instrumentation gets the switch by using the standard keys below; an instrumentation that
 * records content under another key must add the key here. Masking, data URI removal and the size
 * cap apply to the same keys, and to the metadata and status message keys, on the exporter thread.
 */
public final class ContentCapture {

  /** Keys whose values are prompt or completion text: messages, tool calls, embedding input. */
  private static final Set<String> CONTENT_KEYS =
      Set.of(
          LangfuseAttributes.OBSERVATION_INPUT,
          LangfuseAttributes.OBSERVATION_OUTPUT,
          LangfuseAttributes.TRACE_INPUT,
          LangfuseAttributes.TRACE_OUTPUT,
          "gen_ai.input.messages",
          "gen_ai.output.messages",
          "gen_ai.system_instructions",
          "gen_ai.tool.call.arguments",
          "gen_ai.tool.call.result",
          "gen_ai.prompt",
          "gen_ai.completion",
          "input.value",
          "output.value");

  /** Prefixes of indexed content keys such as {@code gen_ai.prompt.0.content}. */
  private static final String[] CONTENT_PREFIXES = {"gen_ai.prompt.", "gen_ai.completion."};

  /** The observation metadata as one JSON object, or one key under it with a dot. */
  private static final String OBSERVATION_METADATA = "langfuse.observation.metadata";

  private static volatile boolean enabled = true;

  private ContentCapture() {}

  /** Sets whether content attributes are captured; the agent calls this once at start. */
  public static void setEnabled(boolean capture) {
    enabled = capture;
  }

  /**
   * Returns whether content is captured. An instrumentation may check it to skip reading a request
   * whose content would be discarded anyway.
   */
  public static boolean isEnabled() {
    return enabled;
  }

  /** Returns whether {@code key} names prompt or completion content. */
  public static boolean isContent(String key) {
    if (CONTENT_KEYS.contains(key)) {
      return true;
    }
    for (String prefix : CONTENT_PREFIXES) {
      if (key.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns whether the masking patterns apply to {@code key}: content, observation and trace
   * metadata, and the status message, which may quote a provider error that echoes the request.
   */
  public static boolean isMasked(String key) {
    return isContent(key)
        || key.startsWith(OBSERVATION_METADATA)
        || key.startsWith(LangfuseAttributes.TRACE_METADATA)
        || key.equals(LangfuseAttributes.OBSERVATION_STATUS_MESSAGE);
  }

  /** Returns whether a value of {@code key} may be stored, given the current policy. */
  static boolean isCaptured(String key) {
    return enabled || !isContent(key);
  }
}
