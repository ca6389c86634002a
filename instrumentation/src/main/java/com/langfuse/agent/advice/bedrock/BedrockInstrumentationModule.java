package com.langfuse.agent.advice.bedrock;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import com.langfuse.agent.advice.InstrumentationModule;
import com.langfuse.agent.advice.TypeInstrumentation;
import com.langfuse.agent.advice.TypeSelector;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The AWS SDK for Java 2.x Bedrock Runtime client ({@code software.amazon.awssdk:bedrockruntime}
 * 2.25.63, the first release with the Converse API, to 2.59.1): Converse and InvokeModel on the
 * blocking and the async client, and ConverseStream and InvokeModelWithResponseStream on the async
 * client.
 *
 * <p>The advice goes on the SDK's generated client classes, which every client built with {@code
 * BedrockRuntimeClient.builder()} or {@code create()} is, and which the interface's default methods
 * (such as {@code converse(Consumer<ConverseRequest.Builder>)}) call. The SDK retries below this
 * layer, so one application call is one generation, however many HTTP requests its retries took.
 * Methods are matched by name, parameter types and return type, so an SDK version with other
 * signatures is left untouched.
 *
 * <p>NOTE: {@code invokeModelWithBidirectionalStream} is not traced.
 */
public final class BedrockInstrumentationModule implements InstrumentationModule {

  /** The helper class the advice calls through the bridge. */
  public static final String HANDLER =
      "com.langfuse.agent.instrumentation.bedrock.BedrockCallHandler";

  private static final String PACKAGE = "software.amazon.awssdk.services.bedrockruntime.";
  private static final String MODEL = PACKAGE + "model.";
  private static final String FUTURE = "java.util.concurrent.CompletableFuture";
  private static final String ADVICE = BedrockAdvice.class.getName();

  @Override
  public String name() {
    return "bedrock";
  }

  @Override
  public List<TypeSelector> typeSelectors() {
    return TypeSelector.allNamed(
        PACKAGE + "DefaultBedrockRuntimeClient", PACKAGE + "DefaultBedrockRuntimeAsyncClient");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        TypeInstrumentation.named(PACKAGE + "DefaultBedrockRuntimeClient")
            .advise(
                method("converse", MODEL + "ConverseRequest", MODEL + "ConverseResponse"),
                ADVICE + "$Converse")
            .advise(
                method("invokeModel", MODEL + "InvokeModelRequest", MODEL + "InvokeModelResponse"),
                ADVICE + "$InvokeModel"),
        TypeInstrumentation.named(PACKAGE + "DefaultBedrockRuntimeAsyncClient")
            .advise(
                method("converse", MODEL + "ConverseRequest", FUTURE), ADVICE + "$AsyncConverse")
            .advise(
                method("invokeModel", MODEL + "InvokeModelRequest", FUTURE),
                ADVICE + "$AsyncInvokeModel")
            .advise(
                isMethod()
                    .and(named("converseStream"))
                    .and(isPublic())
                    .and(takesArguments(2))
                    .and(takesArgument(0, named(MODEL + "ConverseStreamRequest")))
                    .and(takesArgument(1, named(MODEL + "ConverseStreamResponseHandler")))
                    .and(returns(named(FUTURE))),
                ADVICE + "$ConverseStream")
            .advise(
                isMethod()
                    .and(named("invokeModelWithResponseStream"))
                    .and(isPublic())
                    .and(takesArguments(2))
                    .and(takesArgument(0, named(MODEL + "InvokeModelWithResponseStreamRequest")))
                    .and(
                        takesArgument(
                            1, named(MODEL + "InvokeModelWithResponseStreamResponseHandler")))
                    .and(returns(named(FUTURE))),
                ADVICE + "$InvokeModelStream"));
  }

  /** Matches {@code public <returnType> <name>(<requestType>)}, erasures only. */
  private static ElementMatcher.Junction<MethodDescription> method(
      String name, String requestType, String returnType) {
    return isMethod()
        .and(named(name))
        .and(isPublic())
        .and(takesArguments(1))
        .and(takesArgument(0, named(requestType)))
        .and(returns(named(returnType)));
  }
}
