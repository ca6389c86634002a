package com.langfuse.agent.instrumentation.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.langfuse.agent.bootstrap.trace.AgentClock;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import com.langfuse.agent.instrumentation.genai.StreamAccumulator;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.completions.CompletionUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assembles a streamed chat completion from its chunks: the content and refusal deltas of each
 * choice, tool call fragments joined by their index, finish reasons, and the usage that a request
 * with {@code stream_options.include_usage} receives in its last chunk.
 */
final class ChatStreamAccumulator implements StreamAccumulator<ChatCompletionChunk> {

  private final Map<Long, ChoiceParts> choices = new TreeMap<>();
  private String id;
  private String model;
  private CompletionUsage usage;
  private long firstTokenNanos;

  @Override
  public void add(ChatCompletionChunk chunk) {
    if (id == null) {
      id = chunk._id().asKnown().orElse(null);
    }
    if (model == null) {
      model = chunk._model().asKnown().orElse(null);
    }
    chunk._usage().asKnown().ifPresent(reported -> usage = reported);
    for (ChatCompletionChunk.Choice choice : chunk._choices().asKnown().orElse(List.of())) {
      ChoiceParts parts =
          choices.computeIfAbsent(choice._index().asKnown().orElse(0L), index -> new ChoiceParts());
      if (parts.add(choice) && firstTokenNanos == 0) {
        firstTokenNanos = AgentClock.nowEpochNanos();
      }
    }
  }

  @Override
  public void recordTo(SpanData span) {
    GenAiSpans.recordResponseIdentity(span, id, model);
    List<String> finishReasons = new ArrayList<>();
    List<StreamedMessage> messages = new ArrayList<>(choices.size());
    for (ChoiceParts parts : choices.values()) {
      if (parts.finishReason != null) {
        finishReasons.add(parts.finishReason);
      }
      messages.add(parts.snapshot());
    }
    GenAiSpans.recordFinishReasons(span, finishReasons);
    if (usage != null) {
      ChatResults.usageDetails(usage).recordTo(span);
    }
    GenAiSpans.recordCompletionStart(span, firstTokenNanos);
    if (!messages.isEmpty()) {
      long bytes = 2;
      for (StreamedMessage message : messages) {
        bytes += message.estimatedBytes();
      }
      span.setDeferredAttribute(
          LangfuseAttributes.OBSERVATION_OUTPUT, () -> output(messages), bytes);
    }
  }

  private static String output(List<StreamedMessage> messages) {
    ArrayNode nodes = Json.array();
    for (StreamedMessage message : messages) {
      nodes.add(message.toJson());
    }
    return ChatOutput.write(nodes);
  }

  /** The deltas of one choice so far; mutated only under the observation's lock. */
  private static final class ChoiceParts {
    private String role;
    private final StringBuilder content = new StringBuilder();
    private StringBuilder refusal;
    private final Map<Long, ToolCallParts> toolCalls = new TreeMap<>();
    private String finishReason;

    /** Adds the deltas of {@code choice}; returns true when it carried a token. */
    boolean add(ChatCompletionChunk.Choice choice) {
      choice._finishReason().asKnown().ifPresent(reason -> finishReason = reason.asString());
      ChatCompletionChunk.Choice.Delta delta = choice._delta().asKnown().orElse(null);
      if (delta == null) {
        return false;
      }
      if (role == null) {
        role =
            delta
                ._role()
                .asKnown()
                .map(ChatCompletionChunk.Choice.Delta.Role::asString)
                .orElse(null);
      }
      boolean token = false;
      String text = delta._content().asKnown().orElse("");
      if (!text.isEmpty()) {
        content.append(text);
        token = true;
      }
      String refused = delta._refusal().asKnown().orElse("");
      if (!refused.isEmpty()) {
        if (refusal == null) {
          refusal = new StringBuilder();
        }
        refusal.append(refused);
        token = true;
      }
      for (ChatCompletionChunk.Choice.Delta.ToolCall call :
          delta._toolCalls().asKnown().orElse(List.of())) {
        toolCalls
            .computeIfAbsent(call._index().asKnown().orElse(0L), index -> new ToolCallParts())
            .add(call);
        token = true;
      }
      return token;
    }

    StreamedMessage snapshot() {
      List<StreamedToolCall> calls = new ArrayList<>(toolCalls.size());
      for (ToolCallParts call : toolCalls.values()) {
        calls.add(call.snapshot());
      }
      return new StreamedMessage(
          role == null ? "assistant" : role,
          content.length() == 0 && !calls.isEmpty() ? null : content.toString(),
          refusal == null ? null : refusal.toString(),
          calls,
          finishReason);
    }
  }

  private static final class ToolCallParts {
    private String id;
    private String type;
    private String name;
    private final StringBuilder arguments = new StringBuilder();

    void add(ChatCompletionChunk.Choice.Delta.ToolCall call) {
      call._id().asKnown().ifPresent(value -> id = value);
      call._type().asKnown().ifPresent(value -> type = value.asString());
      call._function()
          .asKnown()
          .ifPresent(
              function -> {
                function._name().asKnown().ifPresent(value -> name = value);
                function._arguments().asKnown().ifPresent(arguments::append);
              });
    }

    StreamedToolCall snapshot() {
      return new StreamedToolCall(id, type == null ? "function" : type, name, arguments.toString());
    }
  }

  /** An immutable copy of one streamed choice, turned into JSON on the exporter thread. */
  private static final class StreamedMessage {
    private final String role;
    private final String content;
    private final String refusal;
    private final List<StreamedToolCall> toolCalls;
    private final String finishReason;

    StreamedMessage(
        String role,
        String content,
        String refusal,
        List<StreamedToolCall> toolCalls,
        String finishReason) {
      this.role = role;
      this.content = content;
      this.refusal = refusal;
      this.toolCalls = toolCalls;
      this.finishReason = finishReason;
    }

    long estimatedBytes() {
      long bytes = ChatSizes.MESSAGE_OVERHEAD;
      bytes += content == null ? 0 : content.length();
      bytes += refusal == null ? 0 : refusal.length();
      for (StreamedToolCall call : toolCalls) {
        bytes += 96 + call.arguments.length();
      }
      return bytes;
    }

    ObjectNode toJson() {
      ObjectNode message = Json.object();
      message.put("role", role);
      if (content == null) {
        message.set("content", NullNode.getInstance());
      } else {
        message.put("content", content);
      }
      if (refusal != null) {
        message.put("refusal", refusal);
      }
      if (!toolCalls.isEmpty()) {
        ArrayNode calls = message.putArray("tool_calls");
        for (StreamedToolCall call : toolCalls) {
          ObjectNode node = calls.addObject();
          node.put("id", call.id);
          node.put("type", call.type);
          ObjectNode function = node.putObject("function");
          function.put("name", call.name);
          function.put("arguments", call.arguments);
        }
      }
      if (finishReason != null) {
        message.put("finish_reason", finishReason);
      }
      return message;
    }
  }

  private static final class StreamedToolCall {
    private final String id;
    private final String type;
    private final String name;
    private final String arguments;

    StreamedToolCall(String id, String type, String name, String arguments) {
      this.id = id;
      this.type = type;
      this.name = name;
      this.arguments = arguments;
    }
  }
}
