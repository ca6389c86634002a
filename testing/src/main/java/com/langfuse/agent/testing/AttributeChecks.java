package com.langfuse.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Format checks of the {@code langfuse.observation.*} attributes whose values Langfuse parses: the
 * observation type, the completion start time, usage details, model parameters and level.
 */
final class AttributeChecks {

  static final String TYPE = "langfuse.observation.type";
  static final String COMPLETION_START_TIME = "langfuse.observation.completion_start_time";
  static final String USAGE_DETAILS = "langfuse.observation.usage_details";
  static final String MODEL_PARAMETERS = "langfuse.observation.model.parameters";
  static final String LEVEL = "langfuse.observation.level";

  private static final Set<String> TYPES =
      Set.of(
          "generation",
          "embedding",
          "span",
          "agent",
          "tool",
          "chain",
          "event",
          "retriever",
          "evaluator",
          "guardrail");
  private static final Set<String> LEVELS = Set.of("DEBUG", "DEFAULT", "WARNING", "ERROR");

  /** UTC with a {@code T}, exactly three fraction digits and {@code Z}. */
  private static final Pattern UTC_MILLIS =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

  private AttributeChecks() {}

  /** Returns one message per attribute of {@code span} whose value Langfuse cannot use. */
  static List<String> check(ReceivedSpan span) {
    List<String> violations = new ArrayList<>();
    Map<String, Object> attributes = span.attributes();
    if (attributes.containsKey(TYPE) && !TYPES.contains(String.valueOf(attributes.get(TYPE)))) {
      violations.add(
          violation(span, TYPE, attributes.get(TYPE), "expected one of " + sorted(TYPES)));
    }
    if (attributes.containsKey(COMPLETION_START_TIME)
        && parseCompletionStartTime(attributes.get(COMPLETION_START_TIME)) == null) {
      violations.add(
          violation(
              span,
              COMPLETION_START_TIME,
              attributes.get(COMPLETION_START_TIME),
              "expected an ISO-8601 UTC time with milliseconds such as 2026-12-04T10:00:00.123Z"));
    }
    if (attributes.containsKey(USAGE_DETAILS)
        && !isObjectOfIntegers(attributes.get(USAGE_DETAILS))) {
      violations.add(
          violation(
              span,
              USAGE_DETAILS,
              attributes.get(USAGE_DETAILS),
              "expected a JSON object of integers such as {\"input\":12,\"output\":3}"));
    }
    if (attributes.containsKey(MODEL_PARAMETERS)
        && !isObjectOfScalars(attributes.get(MODEL_PARAMETERS))) {
      violations.add(
          violation(
              span,
              MODEL_PARAMETERS,
              attributes.get(MODEL_PARAMETERS),
              "expected a JSON object of strings, numbers and booleans"));
    }
    if (attributes.containsKey(LEVEL) && !LEVELS.contains(String.valueOf(attributes.get(LEVEL)))) {
      violations.add(
          violation(span, LEVEL, attributes.get(LEVEL), "expected one of " + sorted(LEVELS)));
    }
    return violations;
  }

  /**
   * Parses a completion start time of the form {@code 2026-12-04T10:00:00.123Z}.
   *
   * @return the instant, or null when the value is not a string of that form
   */
  static Instant parseCompletionStartTime(Object value) {
    if (!(value instanceof String)) {
      return null;
    }
    String text = (String) value;
    if (!UTC_MILLIS.matcher(text).matches()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static boolean isObjectOfIntegers(Object value) {
    JsonNode node = value instanceof String ? Json.parseOrNull((String) value) : null;
    if (node == null || !node.isObject()) {
      return false;
    }
    for (JsonNode field : node) {
      if (!field.isIntegralNumber()) {
        return false;
      }
    }
    return true;
  }

  private static boolean isObjectOfScalars(Object value) {
    JsonNode node = value instanceof String ? Json.parseOrNull((String) value) : null;
    if (node == null || !node.isObject()) {
      return false;
    }
    for (JsonNode field : node) {
      if (!field.isValueNode() || field.isNull()) {
        return false;
      }
    }
    return true;
  }

  private static String violation(ReceivedSpan span, String key, Object value, String expected) {
    String shown = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    return "span " + span.describe() + ": " + key + " " + shown + " is invalid: " + expected;
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }
}
