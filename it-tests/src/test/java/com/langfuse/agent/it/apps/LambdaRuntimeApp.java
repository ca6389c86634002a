package com.langfuse.agent.it.apps;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the AWS Lambda Java runtime's invocation loop, so that tests run without AWS. It
 * creates the handler class named by {@code args[0]} and calls it through the real {@code
 * RequestHandler} or {@code RequestStreamHandler} interface once per command read from stdin:
 *
 * <ul>
 *   <li>{@code invoke <remainingMillis> <payload>}: one invocation with a {@link Context} that
 *       reports {@code remainingMillis} left; prints {@code returned <millis> <result>} or {@code
 *       threw <millis> <exception class>: <message>}, where millis is how long the handler call
 *       took;
 *   <li>{@code exit}: returns from main, so the JVM shuts down normally.
 * </ul>
 *
 * <p>Between invocations the real runtime blocks waiting for the next event; this app blocks on
 * stdin instead, so a test can inspect what arrived before it sends the next command.
 */
public final class LambdaRuntimeApp {

  private LambdaRuntimeApp() {}

  public static void main(String[] args) throws Exception {
    Object handler = Class.forName(args[0]).getDeclaredConstructor().newInstance();
    BufferedReader commands =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    int invocation = 0;
    for (String line = commands.readLine(); line != null; line = commands.readLine()) {
      if (line.equals("exit")) {
        return;
      }
      String[] parts = line.split(" ", 3);
      if (parts.length < 3 || !parts[0].equals("invoke")) {
        throw new IllegalArgumentException("unknown command: " + line);
      }
      invocation++;
      Context context = new SimulatedContext("request-" + invocation, Long.parseLong(parts[1]));
      long start = System.nanoTime();
      String outcome;
      try {
        Object result = invoke(handler, parts[2], context);
        outcome = "returned " + millisSince(start) + " " + result;
      } catch (Exception e) {
        outcome = "threw " + millisSince(start) + " " + e.getClass().getName() + ": " + e.getMessage();
      }
      System.out.println(outcome);
      System.out.flush();
    }
  }

  @SuppressWarnings("unchecked")
  private static Object invoke(Object handler, String payload, Context context) throws Exception {
    if (handler instanceof RequestStreamHandler) {
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      ((RequestStreamHandler) handler)
          .handleRequest(
              new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), output, context);
      return output.toString(StandardCharsets.UTF_8);
    }
    return ((RequestHandler<Object, Object>) handler).handleRequest(payload, context);
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  /** The invocation context, with a deadline like the runtime's. */
  private static final class SimulatedContext implements Context {
    private final String requestId;
    private final long deadlineNanos;

    SimulatedContext(String requestId, long remainingMillis) {
      this.requestId = requestId;
      this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(remainingMillis);
    }

    @Override
    public String getAwsRequestId() {
      return requestId;
    }

    @Override
    public String getLogGroupName() {
      return "/aws/lambda/it-function";
    }

    @Override
    public String getLogStreamName() {
      return "it-stream";
    }

    @Override
    public String getFunctionName() {
      return System.getenv("AWS_LAMBDA_FUNCTION_NAME");
    }

    @Override
    public String getFunctionVersion() {
      return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
      return "arn:aws:lambda:us-east-1:000000000000:function:it-function";
    }

    @Override
    public CognitoIdentity getIdentity() {
      return null;
    }

    @Override
    public ClientContext getClientContext() {
      return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
      long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
      return (int) Math.max(0, Math.min(Integer.MAX_VALUE, left));
    }

    @Override
    public int getMemoryLimitInMB() {
      return 512;
    }

    @Override
    public LambdaLogger getLogger() {
      return null;
    }
  }
}
