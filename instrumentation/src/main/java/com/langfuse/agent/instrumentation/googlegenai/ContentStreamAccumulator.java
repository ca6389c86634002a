package com.langfuse.agent.instrumentation.googlegenai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.genai.types.Candidate;
import com.google.genai.types.Content;
import com.google.genai.types.FinishReason;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.Part;
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
 * Collects the chunks of a {@code generateContentStream} response. Each chunk is a whole {@code
 * GenerateContentResponse} whose candidates carry only the parts generated since the previous
 * chunk, so the parts of each candidate are appended in order. The usage metadata of a chunk counts
 * everything generated so far, so the last chunk that reports counts wins. The first chunk with a
 * content part sets the completion start time.
 */
final class ContentStreamAccumulator implements StreamAccumulator<GenerateContentResponse> {

  private String id;
  private String model;
  private UsageDetails usage;
  private long firstContentNanos;
  private final Map<Integer, CandidateParts> candidates = new TreeMap<>();

  @Override
  public void add(GenerateContentResponse chunk) {
    if (id == null) {
      id = chunk.responseId().orElse(null);
    }
    if (model == null) {
      model = chunk.modelVersion().orElse(null);
    }
    UsageDetails chunkUsage = chunk.usageMetadata().map(UsageDetails::read).orElse(null);
    if (chunkUsage != null && !chunkUsage.isEmpty()) {
      usage = chunkUsage;
    }

    List<Candidate> chunkCandidates = chunk.candidates().orElse(List.of());
    for (int position = 0; position < chunkCandidates.size(); position++) {
      Candidate candidate = chunkCandidates.get(position);
      CandidateParts parts =
          candidates.computeIfAbsent(
              candidate.index().orElse(position), index -> new CandidateParts());
      addContent(parts, candidate.content().orElse(null));
      candidate
          .finishReason()
          .map(FinishReason::toString)
          .ifPresent(reason -> parts.finishReason = reason);
    }
  }

  @Override
  public void recordTo(SpanData span) {
    ResponseSummary summary = new ResponseSummary();
    summary.id = id;
    summary.model = model;
    summary.usage = usage;
    List<CandidateParts> snapshot = new ArrayList<>(candidates.values());
    List<String> finishReasons = new ArrayList<>();
    for (CandidateParts parts : snapshot) {
      if (parts.finishReason != null) {
        finishReasons.add(parts.finishReason);
      }
    }
    summary.finishReasons = finishReasons;
    GenerateContentApi.recordSummary(span, summary);
    GenAiSpans.recordCompletionStart(span, firstContentNanos);

    if (!snapshot.isEmpty()) {
      span.setDeferredAttribute(
          LangfuseAttributes.OBSERVATION_OUTPUT,
          () -> output(snapshot),
          ContentOutput.estimatedBytes(usage));
    }
  }

  private void addContent(CandidateParts parts, Content content) {
    if (content == null) {
      return;
    }
    if (parts.role == null) {
      parts.role = content.role().orElse(null);
    }
    List<Part> chunkParts = content.parts().orElse(List.of());
    if (!chunkParts.isEmpty()) {
      parts.parts.addAll(chunkParts);
      if (firstContentNanos == 0) {
        firstContentNanos = AgentClock.nowEpochNanos();
      }
    }
  }

  /** Builds the output JSON of the streamed candidates; runs on the exporter thread. */
  static String output(List<CandidateParts> streamed) {
    ArrayNode outputs = Json.array();
    for (CandidateParts candidate : streamed) {
      outputs.add(
          ContentOutput.candidate(
              candidate.role, mergeText(candidate.parts), candidate.finishReason));
    }
    return Json.write(outputs.size() == 1 ? outputs.get(0) : outputs);
  }

  /**
   * Returns the parts as JSON, with each run of text parts that the stream split joined into one
   * part. Thought text and response text are joined separately, because a part's {@code thought}
   * flag tells them apart.
   */
  static ArrayNode mergeText(List<Part> parts) {
    ArrayNode merged = Json.array();
    ObjectNode previous = null;
    for (Part part : parts) {
      JsonNode tree = Json.tree(part);
      if (previous != null
          && isPlainText(previous)
          && isPlainText(tree)
          && sameThought(previous, tree)) {
        previous.put("text", previous.get("text").asText() + tree.get("text").asText());
        continue;
      }
      merged.add(tree);
      previous = tree instanceof ObjectNode ? (ObjectNode) tree : null;
    }
    return merged;
  }

  /** Returns whether a part contains only text, with or without a thought flag or signature. */
  private static boolean isPlainText(JsonNode part) {
    if (!part.has("text") || !part.get("text").isTextual()) {
      return false;
    }
    java.util.Iterator<String> names = part.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!name.equals("text") && !name.equals("thought") && !name.equals("thoughtSignature")) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameThought(JsonNode first, JsonNode second) {
    return first.path("thought").asBoolean(false) == second.path("thought").asBoolean(false);
  }

  /** The role, parts and finish reason one candidate streamed so far. */
  static final class CandidateParts {
    String role;
    String finishReason;
    final List<Part> parts = new ArrayList<>();
  }
}
