package com.langfuse.agent.instrumentation.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.langfuse.agent.bootstrap.trace.AgentClock;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import com.langfuse.agent.instrumentation.genai.StreamAccumulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assembles a streamed message from its events: the id, model and first usage of {@code
 * message_start}, each content block from its {@code content_block_start} and the text, thinking,
 * signature, tool input JSON and citation deltas of its index, and the stop reason and final usage
 * of {@code message_delta}. The first content delta of any block sets the completion start time.
 *
 * <p>Deltas are appended to string builders on the application thread. The content block JSON is
 * built from them on the exporter thread.
 */
final class MessageStreamAccumulator<E> implements StreamAccumulator<E> {

  /** Keys and punctuation of one content block. */
  static final long BLOCK_OVERHEAD = 64;

  private final StreamEvents<E> events;
  private final Map<Long, BlockParts> blocks = new TreeMap<>();
  private final MessageSummary summary = new MessageSummary();
  private long firstTokenNanos;

  MessageStreamAccumulator(StreamEvents<E> events) {
    this.events = events;
  }

  @Override
  public void add(E event) {
    events.dispatch(event, this);
  }

  @Override
  public void recordTo(SpanData span) {
    MessageResults.recordSummary(span, summary);
    GenAiSpans.recordCompletionStart(span, firstTokenNanos);
    if (blocks.isEmpty()) {
      return;
    }
    List<StreamedBlock> content = new ArrayList<>(blocks.size());
    long bytes = MessageOutput.OVERHEAD;
    for (BlockParts parts : blocks.values()) {
      StreamedBlock block = parts.snapshot();
      bytes += block.estimatedBytes();
      content.add(block);
    }
    String stopReason = summary.stopReason;
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_OUTPUT, () -> output(content, stopReason), bytes);
  }

  void onMessageStart(MessageSummary start) {
    summary.id = start.id;
    summary.model = start.model;
    summary.stopReason = start.stopReason;
    summary.usage = start.usage;
  }

  /** {@code block} is the SDK's content block object, serialized on the exporter thread. */
  void onBlockStart(long index, Object block) {
    block(index).start = block;
  }

  void onText(long index, String text) {
    markToken();
    block(index).text.append(text);
  }

  void onThinking(long index, String thinking) {
    markToken();
    block(index).thinking.append(thinking);
  }

  void onInputJson(long index, String partialJson) {
    markToken();
    block(index).inputJson.append(partialJson);
  }

  void onSignature(long index, String signature) {
    block(index).signature.append(signature);
  }

  /** {@code citation} is the SDK's citation object, or null when the delta had none. */
  void onCitation(long index, Object citation) {
    markToken();
    if (citation != null) {
      block(index).citations.add(citation);
    }
  }

  /** Marks the first token for a delta of a kind this class does not assemble. */
  void onOtherDelta(long index) {
    markToken();
  }

  void onMessageDelta(String stopReason, UsageDetails usage) {
    if (stopReason != null) {
      summary.stopReason = stopReason;
    }
    if (usage == null) {
      return;
    }
    if (summary.usage == null) {
      summary.usage = usage;
    } else {
      summary.usage.update(usage);
    }
  }

  private BlockParts block(long index) {
    return blocks.computeIfAbsent(index, key -> new BlockParts());
  }

  private void markToken() {
    if (firstTokenNanos == 0) {
      firstTokenNanos = AgentClock.nowEpochNanos();
    }
  }

  private static String output(List<StreamedBlock> content, String stopReason) {
    ArrayNode nodes = Json.array();
    for (StreamedBlock block : content) {
      nodes.add(block.toJson());
    }
    return MessageOutput.write(nodes, stopReason);
  }

  /** The parts of one content block so far; mutated only under the observation's lock. */
  private static final class BlockParts {
    private Object start;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder thinking = new StringBuilder();
    private final StringBuilder signature = new StringBuilder();
    private final StringBuilder inputJson = new StringBuilder();
    private final List<Object> citations = new ArrayList<>();

    StreamedBlock snapshot() {
      return new StreamedBlock(
          start,
          text.toString(),
          thinking.toString(),
          signature.toString(),
          inputJson.toString(),
          List.copyOf(citations));
    }
  }

  /** An immutable copy of one streamed content block, turned into JSON on the exporter thread. */
  private static final class StreamedBlock {
    private final Object start;
    private final String text;
    private final String thinking;
    private final String signature;
    private final String inputJson;
    private final List<Object> citations;

    StreamedBlock(
        Object start,
        String text,
        String thinking,
        String signature,
        String inputJson,
        List<Object> citations) {
      this.start = start;
      this.text = text;
      this.thinking = thinking;
      this.signature = signature;
      this.inputJson = inputJson;
      this.citations = citations;
    }

    long estimatedBytes() {
      return BLOCK_OVERHEAD
          + text.length()
          + thinking.length()
          + signature.length()
          + inputJson.length()
          + citations.size() * InputSizes.UNMEASURED;
    }

    /**
     * Returns the block as its {@code content_block_start} announced it, with the deltas joined
     * into its fields: the tool input JSON parsed, or kept as a string when it does not parse.
     */
    ObjectNode toJson() {
      JsonNode announced = start == null ? null : Json.tree(start);
      ObjectNode block =
          announced instanceof ObjectNode ? (ObjectNode) announced : Json.object();
      appendText(block, "text", text);
      appendText(block, "thinking", thinking);
      appendText(block, "signature", signature);
      if (!inputJson.isEmpty()) {
        block.set("input", parseInput(inputJson));
      }
      if (!citations.isEmpty()) {
        JsonNode existing = Json.present(block, "citations");
        ArrayNode list = existing instanceof ArrayNode ? (ArrayNode) existing : Json.array();
        for (Object citation : citations) {
          list.add(Json.tree(citation));
        }
        block.set("citations", list);
      }
      return block;
    }

    private static void appendText(ObjectNode block, String field, String deltas) {
      if (deltas.isEmpty()) {
        return;
      }
      String announced = Json.text(block, field);
      block.put(field, announced == null ? deltas : announced + deltas);
    }

    private static JsonNode parseInput(String json) {
      try {
        return Json.mapper().readTree(json);
      } catch (JsonProcessingException e) {
        // A stream that ended early leaves the tool input incomplete.
        return Json.mapper().getNodeFactory().textNode(json);
      }
    }
  }
}
