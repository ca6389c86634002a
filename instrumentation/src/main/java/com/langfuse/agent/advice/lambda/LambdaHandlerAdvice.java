package com.langfuse.agent.advice.lambda;

import com.langfuse.agent.bootstrap.lambda.LambdaInvocation;
import net.bytebuddy.asm.Advice;

/**
 * Advice for {@code handleRequest} of AWS Lambda handlers, one nested class per interface. Byte
 * Buddy inlines it into the application's handler class, so it calls only the bootstrap {@link
 * LambdaInvocation}, and it takes the {@code Context} argument as an Object so that nothing here
 * links against the Lambda library.
 */
public final class LambdaHandlerAdvice {

  private LambdaHandlerAdvice() {}

  /** {@code RequestHandler.handleRequest(I input, Context context)}. */
  public static final class HandleRequest {

    private HandleRequest() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter() {
      return LambdaInvocation.enter();
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.Enter Object state, @Advice.Argument(1) Object context) {
      LambdaInvocation.exit(state, context);
    }
  }

  /**
   * {@code RequestStreamHandler.handleRequest(InputStream input, OutputStream output, Context
   * context)}.
   */
  public static final class HandleStreamRequest {

    private HandleStreamRequest() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter() {
      return LambdaInvocation.enter();
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.Enter Object state, @Advice.Argument(2) Object context) {
      LambdaInvocation.exit(state, context);
    }
  }
}
