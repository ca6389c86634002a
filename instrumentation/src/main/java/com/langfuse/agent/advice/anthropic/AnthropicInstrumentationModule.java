package com.langfuse.agent.advice.anthropic;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import com.langfuse.agent.advice.InstrumentationModule;
import com.langfuse.agent.advice.MethodHook;
import com.langfuse.agent.advice.TypeInstrumentation;
import com.langfuse.agent.advice.TypeSelector;
import com.langfuse.agent.instrumentation.anthropic.AnthropicOperations;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The official Anthropic Java SDK ({@code com.anthropic:anthropic-java} 3.x, written against
 * 3.16.0): the Messages API and the beta Messages API, each plain, streaming, raw and async. The
 * it-tests run every scenario on 3.5.0 and 3.16.0.
 *
 * <p>The advice goes on the service implementations, not the client builders, so every client is
 * traced however it was built, including the Bedrock and Vertex AI backends that share these
 * services. The SDK retries below this layer, so one application call is one generation. The
 * blocking methods call their {@code withRawResponse()} twins, and the bridge's call depth keeps
 * that inner call from being traced a second time. Methods are matched by name, parameter types and
 * return type, so an SDK version with other signatures is left untouched.
 *
 * <p>NOTE: {@code client.async().messages().withRawResponse()} is not traced, because its futures
 * would have to be replaced to wrap the responses they complete with.
 */
public final class AnthropicInstrumentationModule implements InstrumentationModule {

  /** The helper class the advice calls through the bridge. */
  public static final String HANDLER =
      "com.langfuse.agent.instrumentation.anthropic.AnthropicCallHandler";

  private static final String SERVICES = "com.anthropic.services.";
  private static final String MESSAGE_SERVICE = SERVICES + "blocking.MessageServiceImpl";
  private static final String MESSAGE_SERVICE_RAW = MESSAGE_SERVICE + "$WithRawResponseImpl";
  private static final String MESSAGE_SERVICE_ASYNC = SERVICES + "async.MessageServiceAsyncImpl";
  private static final String BETA_SERVICE = SERVICES + "blocking.beta.MessageServiceImpl";
  private static final String BETA_SERVICE_RAW = BETA_SERVICE + "$WithRawResponseImpl";
  private static final String BETA_SERVICE_ASYNC = SERVICES + "async.beta.MessageServiceAsyncImpl";
  private static final String REQUEST_OPTIONS = "com.anthropic.core.RequestOptions";
  private static final String STREAM_RESPONSE = "com.anthropic.core.http.StreamResponse";
  private static final String ASYNC_STREAM_RESPONSE = "com.anthropic.core.http.AsyncStreamResponse";
  private static final String HTTP_RESPONSE_FOR = "com.anthropic.core.http.HttpResponseFor";
  private static final String FUTURE = "java.util.concurrent.CompletableFuture";

  private static final String PARAMS = "com.anthropic.models.messages.MessageCreateParams";
  private static final String MESSAGE = "com.anthropic.models.messages.Message";
  private static final String BETA_PARAMS =
      "com.anthropic.models.beta.messages.MessageCreateParams";
  private static final String BETA_MESSAGE = "com.anthropic.models.beta.messages.BetaMessage";

  private static final String ADVICE = MessageAdvice.class.getName();
  private static final String BETA_ADVICE = BetaMessageAdvice.class.getName();

  @Override
  public String name() {
    return "anthropic";
  }

  @Override
  public List<TypeSelector> typeSelectors() {
    return TypeSelector.allNamed(
        MESSAGE_SERVICE,
        MESSAGE_SERVICE_RAW,
        MESSAGE_SERVICE_ASYNC,
        BETA_SERVICE,
        BETA_SERVICE_RAW,
        BETA_SERVICE_ASYNC);
  }

  /**
   * Returns hooks that make the calls of the advice classes as classes load, without Byte Buddy.
   */
  @Override
  public List<MethodHook> methodHooks() {
    return List.of(
        hook(MESSAGE_SERVICE, "create", PARAMS, MESSAGE, AnthropicOperations.MESSAGES_CREATE),
        hook(
            MESSAGE_SERVICE,
            "createStreaming",
            PARAMS,
            STREAM_RESPONSE,
            AnthropicOperations.MESSAGES_CREATE_STREAMING),
        hook(
            MESSAGE_SERVICE_RAW,
            "create",
            PARAMS,
            HTTP_RESPONSE_FOR,
            AnthropicOperations.MESSAGES_RAW_CREATE),
        hook(
            MESSAGE_SERVICE_RAW,
            "createStreaming",
            PARAMS,
            HTTP_RESPONSE_FOR,
            AnthropicOperations.MESSAGES_RAW_CREATE_STREAMING),
        hook(
            MESSAGE_SERVICE_ASYNC,
            "create",
            PARAMS,
            FUTURE,
            AnthropicOperations.MESSAGES_ASYNC_CREATE),
        hook(
            MESSAGE_SERVICE_ASYNC,
            "createStreaming",
            PARAMS,
            ASYNC_STREAM_RESPONSE,
            AnthropicOperations.MESSAGES_ASYNC_CREATE_STREAMING),
        hook(BETA_SERVICE, "create", BETA_PARAMS, BETA_MESSAGE, AnthropicOperations.BETA_CREATE),
        hook(
            BETA_SERVICE,
            "createStreaming",
            BETA_PARAMS,
            STREAM_RESPONSE,
            AnthropicOperations.BETA_CREATE_STREAMING),
        hook(
            BETA_SERVICE_RAW,
            "create",
            BETA_PARAMS,
            HTTP_RESPONSE_FOR,
            AnthropicOperations.BETA_RAW_CREATE),
        hook(
            BETA_SERVICE_RAW,
            "createStreaming",
            BETA_PARAMS,
            HTTP_RESPONSE_FOR,
            AnthropicOperations.BETA_RAW_CREATE_STREAMING),
        hook(
            BETA_SERVICE_ASYNC,
            "create",
            BETA_PARAMS,
            FUTURE,
            AnthropicOperations.BETA_ASYNC_CREATE),
        hook(
            BETA_SERVICE_ASYNC,
            "createStreaming",
            BETA_PARAMS,
            ASYNC_STREAM_RESPONSE,
            AnthropicOperations.BETA_ASYNC_CREATE_STREAMING));
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        type(MESSAGE_SERVICE)
            .advise(create(PARAMS, MESSAGE), ADVICE + "$Create")
            .advise(createStreaming(PARAMS, STREAM_RESPONSE), ADVICE + "$CreateStreaming"),
        type(MESSAGE_SERVICE_RAW)
            .advise(create(PARAMS, HTTP_RESPONSE_FOR), ADVICE + "$RawCreate")
            .advise(createStreaming(PARAMS, HTTP_RESPONSE_FOR), ADVICE + "$RawCreateStreaming"),
        type(MESSAGE_SERVICE_ASYNC)
            .advise(create(PARAMS, FUTURE), ADVICE + "$AsyncCreate")
            .advise(
                createStreaming(PARAMS, ASYNC_STREAM_RESPONSE), ADVICE + "$AsyncCreateStreaming"),
        type(BETA_SERVICE)
            .advise(create(BETA_PARAMS, BETA_MESSAGE), BETA_ADVICE + "$Create")
            .advise(
                createStreaming(BETA_PARAMS, STREAM_RESPONSE), BETA_ADVICE + "$CreateStreaming"),
        type(BETA_SERVICE_RAW)
            .advise(create(BETA_PARAMS, HTTP_RESPONSE_FOR), BETA_ADVICE + "$RawCreate")
            .advise(
                createStreaming(BETA_PARAMS, HTTP_RESPONSE_FOR),
                BETA_ADVICE + "$RawCreateStreaming"),
        type(BETA_SERVICE_ASYNC)
            .advise(create(BETA_PARAMS, FUTURE), BETA_ADVICE + "$AsyncCreate")
            .advise(
                createStreaming(BETA_PARAMS, ASYNC_STREAM_RESPONSE),
                BETA_ADVICE + "$AsyncCreateStreaming"));
  }

  private static MethodHook hook(
      String type, String method, String paramsType, String returnType, int operation) {
    return MethodHook.bridge(
        type,
        method,
        MethodHook.descriptor(returnType, paramsType, REQUEST_OPTIONS),
        HANDLER,
        operation);
  }

  private static TypeInstrumentation type(String name) {
    return TypeInstrumentation.named(name);
  }

  private static ElementMatcher<MethodDescription> create(String paramsType, String returnType) {
    return serviceMethod("create", paramsType, returnType);
  }

  private static ElementMatcher<MethodDescription> createStreaming(
      String paramsType, String returnType) {
    return serviceMethod("createStreaming", paramsType, returnType);
  }

  /** Matches {@code public <returnType> <name>(<paramsType>, RequestOptions)}, erasures only. */
  private static ElementMatcher.Junction<MethodDescription> serviceMethod(
      String name, String paramsType, String returnType) {
    return isMethod()
        .and(named(name))
        .and(isPublic())
        .and(not(isStatic()))
        .and(takesArguments(2))
        .and(takesArgument(0, named(paramsType)))
        .and(takesArgument(1, named(REQUEST_OPTIONS)))
        .and(returns(named(returnType)));
  }
}
