package com.langfuse.agent.bootstrap.trace;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The span context this process inherited from the process that started it, read once at agent
 * start from the environment variables {@code TRACEPARENT}, {@code TRACESTATE} and {@code BAGGAGE}
 * (the W3C Trace Context and W3C Baggage headers under the names that the OpenTelemetry
 * specification "Environment Variables as Context Propagation Carriers" gives them).
 *
 * <p>A span started with no current span becomes a child of this parent, so the spans of a child
 * process join the trace of the parent process's span that started it.
 */
public final class RemoteParent {

  public static final String TRACEPARENT = "TRACEPARENT";
  public static final String TRACESTATE = "TRACESTATE";
  public static final String BAGGAGE = "BAGGAGE";

  /**
   * Baggage keys of the Langfuse session and user id, as the Langfuse JS and Ruby SDKs name them.
   */
  public static final String BAGGAGE_SESSION_ID = "langfuse_session_id";

  public static final String BAGGAGE_USER_ID = "langfuse_user_id";

  /** The longest TRACESTATE kept: 32 list members of up to 256 characters and their commas. */
  private static final int MAX_TRACESTATE_LENGTH = 8_223;

  private final String traceId;
  private final String spanId;
  private final String traceFlags;
  private final String traceState;
  private final Map<String, String> baggage;

  private RemoteParent(
      String traceId,
      String spanId,
      String traceFlags,
      String traceState,
      Map<String, String> baggage) {
    this.traceId = traceId;
    this.spanId = spanId;
    this.traceFlags = traceFlags;
    this.traceState = traceState;
    this.baggage = Collections.unmodifiableMap(baggage);
  }

  /**
   * Reads the inherited context through {@code variables}, a lookup by environment variable name.
   * Returns null when TRACEPARENT is unset or invalid; an invalid TRACEPARENT or TRACESTATE adds
   * one message naming the variable to {@code problems}.
   */
  public static RemoteParent read(Function<String, String> variables, List<String> problems) {
    String header = variables.apply(TRACEPARENT);
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    if (!isValidTraceparent(value)) {
      problems.add(
          TRACEPARENT
              + "="
              + abbreviate(value)
              + " is invalid: use the W3C form 00-<32 hex trace id>-<16 hex span id>-<2 hex"
              + " flags>, lowercase and not all zero; spans start new traces instead");
      return null;
    }

    String state = variables.apply(TRACESTATE);
    state = state == null || state.isBlank() ? null : state.trim();
    if (state != null && (state.length() > MAX_TRACESTATE_LENGTH || !isPrintableAscii(state))) {
      problems.add(
          TRACESTATE
              + " is invalid: it must be printable ASCII of at most "
              + MAX_TRACESTATE_LENGTH
              + " characters; it is not passed on");
      state = null;
    }
    Map<String, String> baggage = W3cBaggage.parse(variables.apply(BAGGAGE));
    return new RemoteParent(
        value.substring(3, 35), value.substring(36, 52), value.substring(53, 55), state, baggage);
  }

  /**
   * Returns whether {@code value} is a version 00 traceparent: {@code 00-} then 32 and 16 lowercase
   * hex digits (neither all zero) and 2 hex digits of flags, separated by dashes.
   */
  public static boolean isValidTraceparent(String value) {
    if (value == null || value.length() != 55) {
      return false;
    }
    if (!value.startsWith("00-") || value.charAt(35) != '-' || value.charAt(52) != '-') {
      return false;
    }
    return isHex(value, 3, 35) && isHex(value, 36, 52) && isHex(value, 53, 55);
  }

  /** The trace id: 32 lowercase hex digits. */
  public String traceId() {
    return traceId;
  }

  /** The id of the parent span in the other process: 16 lowercase hex digits. */
  public String spanId() {
    return spanId;
  }

  /** The trace flags as 2 hex digits, kept as received; bit 0 is the sampled flag. */
  public String traceFlags() {
    return traceFlags;
  }

  /** Whether the parent process sampled the trace: bit 0 of the trace flags. */
  public boolean isSampled() {
    return (Integer.parseInt(traceFlags, 16) & 1) == 1;
  }

  /** The TRACESTATE value, or null. */
  public String traceState() {
    return traceState;
  }

  /** Every baggage entry received, decoded, in order. */
  public Map<String, String> baggage() {
    return baggage;
  }

  /** The Langfuse session id from the baggage, or null. */
  public String sessionId() {
    return baggage.get(BAGGAGE_SESSION_ID);
  }

  /** The Langfuse user id from the baggage, or null. */
  public String userId() {
    return baggage.get(BAGGAGE_USER_ID);
  }

  @Override
  public String toString() {
    return "00-" + traceId + "-" + spanId + "-" + traceFlags;
  }

  private static boolean isHex(String value, int from, int to) {
    boolean allZero = true;
    for (int i = from; i < to; i++) {
      char c = value.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      if (!hex) {
        return false;
      }
      allZero &= c == '0';
    }
    // Flags of 00 are valid; only the ids must not be all zero.
    return !allZero || to - from == 2;
  }

  private static boolean isPrintableAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** Shortens a rejected value for the warning, which must stay one line. */
  private static String abbreviate(String value) {
    String printable = isPrintableAscii(value) ? value : "(non-printable characters)";
    return printable.length() <= 80 ? printable : printable.substring(0, 80) + "...";
  }
}
