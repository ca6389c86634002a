package com.langfuse.agent.advice.openai;

import com.langfuse.agent.bootstrap.bridge.RequestBodies;
import net.bytebuddy.asm.Advice;

/**
 * Advice for {@code HttpRequest.Builder.body(HttpRequestBody)} of the OpenAI SDK, for a builder
 * class loaded before the agent. It hands the body to the traced chat call in progress, as the
 * module's hook does, and leaves the argument as it is.
 */
public final class RequestBodyAdvice {

  private RequestBodyAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) Object body) {
    RequestBodies.built(body);
  }
}
