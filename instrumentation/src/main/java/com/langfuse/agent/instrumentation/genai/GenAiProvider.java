package com.langfuse.agent.instrumentation.genai;

import com.langfuse.agent.bootstrap.AgentLog;
import java.util.function.Function;

/**
 * One instrumented library, as the shared generation code uses it: the provider name it reports
 * and how to describe that library's errors.
 */
public final class GenAiProvider {

  private final String name;
  private final Function<Throwable, String> errorDescriber;

  /**
   * @param name the {@code gen_ai.provider.name} value, such as {@code openai}
   * @param errorDescriber turns a failure of the library into a status message; it must not throw
   */
  public GenAiProvider(String name, Function<Throwable, String> errorDescriber) {
    this.name = name;
    this.errorDescriber = errorDescriber;
  }

  public String name() {
    return name;
  }

  /** Returns the status message for {@code error}, or its class name when the describer fails. */
  public String describe(Throwable error) {
    try {
      return errorDescriber.apply(error);
    } catch (Throwable t) {
      return error.getClass().getName();
    }
  }

  /** Logs, rate-limited, that capturing part of a call failed; never logs prompt content. */
  public void logCaptureFailure(String step, Throwable error) {
    AgentLog.rateLimited(
        AgentLog.Level.WARN,
        name + "-capture-" + step,
        name
            + " instrumentation: "
            + step
            + " failed, so the span lacks those attributes (the application call is unaffected): "
            + error.getClass().getName());
  }
}
