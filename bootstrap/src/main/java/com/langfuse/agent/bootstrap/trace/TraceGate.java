package com.langfuse.agent.bootstrap.trace;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.AgentRuntime;
import com.langfuse.agent.bootstrap.export.DropReason;
import com.langfuse.agent.bootstrap.export.TaskManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Exports a trace only when it contains an LLM call, so that a web request that never calls a
 * model leaves nothing in Langfuse.
 *
 * <p>The gate is attached to a root span with {@link #attachTo} before any child starts. The
 * rules, in the order a trace meets them:
 *
 * <ol>
 *   <li>A span started under a gated span shares its gate, on any thread.
 *   <li>Starting a generation or an embedding under a gated span opens the gate: the spans held so
 *       far go to the exporter, and every later span of the trace passes straight through. The
 *       generation itself is never gated. Opening at the start, not the end, means that a
 *       generation still running when the root ends keeps its trace.
 *   <li>A gated span that ends while the gate is undecided is held in memory, at most {@link
 *       #MAX_HELD_PER_TRACE} per trace and {@link #MAX_HELD_TOTAL} across all traces. A span over
 *       either limit is dropped and counted as {@link DropReason#TRACE_BUFFER_FULL}.
 *   <li>When the root ends with the gate still undecided, the gate closes: the root and the held
 *       spans are discarded, as are spans of the trace that end later. They are counted in {@link
 *       #discardedSpans()}, not as drops, because discarding them is the intended outcome.
 *   <li>A generation that starts after the gate closed is exported all the same, because an LLM
 *       call is never discarded. Its parent span is then missing from the export.
 * </ol>
 */
public final class TraceGate {

  /** The most spans one undecided trace may hold. */
  static final int MAX_HELD_PER_TRACE = 512;

  /** The most spans all undecided traces together may hold. */
  static final int MAX_HELD_TOTAL = 8192;

  private static final AtomicInteger HELD_TOTAL = new AtomicInteger();
  private static final LongAdder DISCARDED = new LongAdder();

  private static final int UNDECIDED = 0;
  private static final int OPEN = 1;
  private static final int CLOSED = 2;

  private final SpanData root;
  private List<SpanData> held = new ArrayList<>();
  private int state = UNDECIDED;

  private TraceGate(SpanData root) {
    this.root = root;
  }

  /**
   * Makes {@code root} and the spans later started under it exported only when the trace contains a
   * generation or an embedding. Call it right after starting the root, before it becomes current.
   */
  public static void attachTo(SpanData root) {
    if (root != null) {
      root.setGate(new TraceGate(root));
    }
  }

  /** Returns how many spans were discarded because their trace contained no LLM call. */
  public static long discardedSpans() {
    return DISCARDED.sum();
  }

  /** Returns whether a span of {@code observationType} opens the gate of its trace. */
  static boolean isLlmCall(String observationType) {
    return LangfuseAttributes.TYPE_GENERATION.equals(observationType)
        || LangfuseAttributes.TYPE_EMBEDDING.equals(observationType);
  }

  /** Returns whether this gate still holds back its trace, for tests. */
  synchronized boolean isUndecided() {
    return state == UNDECIDED;
  }

  /** Opens the gate and returns the held spans, which the caller hands to the sink. */
  List<SpanData> open() {
    List<SpanData> released;
    synchronized (this) {
      if (state != UNDECIDED) {
        return List.of();
      }
      state = OPEN;
      released = held;
      held = null;
    }
    HELD_TOTAL.addAndGet(-released.size());
    return released;
  }

  /**
   * Decides what happens to {@code span}, which has just ended: returns true when it goes to the
   * sink now, and false when the gate holds, discards or drops it.
   */
  boolean admit(SpanData span) {
    int discarded = 0;
    synchronized (this) {
      if (state == OPEN) {
        return true;
      }
      if (state == CLOSED) {
        discarded = 1;
      } else if (span == root) {
        state = CLOSED;
        discarded = held.size() + 1;
        HELD_TOTAL.addAndGet(-held.size());
        held = null;
      } else if (hold(span)) {
        return false;
      } else {
        recordOverflow(span);
        return false;
      }
    }
    DISCARDED.add(discarded);
    if (AgentLog.isDebugEnabled()) {
      AgentLog.debug(
          "trace "
              + span.traceId()
              + " contains no LLM call; "
              + discarded
              + " span(s) not exported");
    }
    return false;
  }

  /** Holds {@code span} unless a limit is reached; call with the lock held. */
  private boolean hold(SpanData span) {
    if (held.size() >= MAX_HELD_PER_TRACE) {
      return false;
    }
    if (HELD_TOTAL.incrementAndGet() > MAX_HELD_TOTAL) {
      HELD_TOTAL.decrementAndGet();
      return false;
    }
    held.add(span);
    return true;
  }

  private static void recordOverflow(SpanData span) {
    TaskManager taskManager = AgentRuntime.taskManager();
    if (taskManager != null) {
      taskManager.stats().recordDropped(DropReason.TRACE_BUFFER_FULL, 1);
    }
    AgentLog.rateLimited(
        AgentLog.Level.WARN,
        "trace-gate-full",
        "span "
            + span.name()
            + " dropped: its trace waits for an LLM call and already holds "
            + MAX_HELD_PER_TRACE
            + " spans, or all waiting traces hold "
            + MAX_HELD_TOTAL);
  }
}
