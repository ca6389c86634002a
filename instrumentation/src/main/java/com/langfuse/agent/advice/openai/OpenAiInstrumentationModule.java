package com.langfuse.agent.advice.openai;

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
import com.langfuse.agent.instrumentation.openai.OpenAiOperations;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The official OpenAI Java SDK ({@code com.openai:openai-java}, written against 4.105.0): chat
 * completions, the Responses API and embeddings, each plain, streaming, raw and async.
 *
 * <p>Supported: 4.0.0 and later. The it-tests run every scenario on 4.0.0 and 4.105.0, and check
 * that every SDK type, method and field the helpers use exists in both. The matchers below also
 * match 2.0.0, but the helpers need types that 2.0.0 lacks, so the handler rejects any SDK without
 * them and its calls run untraced (one DEBUG line per service class). The 3.x releases were not
 * tested.
 *
 * <p>The advice goes on the service implementations, not the client builders, so every client is
 * traced however it was built. The SDK retries below this layer, so one application call is one
 * generation. The plain methods call their {@code withRawResponse()} twins, and the bridge's call
 * depth keeps that inner call from being traced a second time. Methods are matched by name,
 * parameter types and return type, so an SDK version with other signatures is left untouched.
 *
 * <p>One more hook, on {@code HttpRequest.Builder.body}, hands the request body the SDK builds
 * during a traced chat call to that call, so the exporter reads the JSON the SDK already wrote
 * instead of serializing the request again. On the application thread the handler keeps a reference
 * and reads the body's size, for the export queue's byte limit. Reading the size makes the SDK
 * serialize the body then instead of when its HTTP client reads the size, which for the blocking
 * client is on the same thread right after, and for the async client on an OkHttp thread.
 */
public final class OpenAiInstrumentationModule implements InstrumentationModule {

  /** The helper class the advice calls through the bridge. */
  public static final String HANDLER =
      "com.langfuse.agent.instrumentation.openai.OpenAiCallHandler";

  private static final String SERVICES = "com.openai.services.";
  private static final String CHAT_SERVICE = SERVICES + "blocking.chat.ChatCompletionServiceImpl";
  private static final String CHAT_SERVICE_RAW = CHAT_SERVICE + "$WithRawResponseImpl";
  private static final String CHAT_SERVICE_ASYNC =
      SERVICES + "async.chat.ChatCompletionServiceAsyncImpl";
  private static final String RESPONSE_SERVICE = SERVICES + "blocking.ResponseServiceImpl";
  private static final String RESPONSE_SERVICE_RAW = RESPONSE_SERVICE + "$WithRawResponseImpl";
  private static final String RESPONSE_SERVICE_ASYNC = SERVICES + "async.ResponseServiceAsyncImpl";
  private static final String EMBEDDING_SERVICE = SERVICES + "blocking.EmbeddingServiceImpl";
  private static final String EMBEDDING_SERVICE_RAW = EMBEDDING_SERVICE + "$WithRawResponseImpl";
  private static final String EMBEDDING_SERVICE_ASYNC =
      SERVICES + "async.EmbeddingServiceAsyncImpl";
  private static final String REQUEST_OPTIONS = "com.openai.core.RequestOptions";
  private static final String STREAM_RESPONSE = "com.openai.core.http.StreamResponse";
  private static final String ASYNC_STREAM_RESPONSE = "com.openai.core.http.AsyncStreamResponse";
  private static final String HTTP_RESPONSE_FOR = "com.openai.core.http.HttpResponseFor";
  private static final String FUTURE = "java.util.concurrent.CompletableFuture";
  private static final String REQUEST_BUILDER = "com.openai.core.http.HttpRequest$Builder";
  private static final String REQUEST_BODY = "com.openai.core.http.HttpRequestBody";
  private static final String REQUEST_BODIES = "com/langfuse/agent/bootstrap/bridge/RequestBodies";

  private static final String CHAT_PARAMS =
      "com.openai.models.chat.completions.ChatCompletionCreateParams";
  private static final String CHAT_COMPLETION = "com.openai.models.chat.completions.ChatCompletion";
  private static final String RESPONSE_PARAMS = "com.openai.models.responses.ResponseCreateParams";
  private static final String RESPONSE = "com.openai.models.responses.Response";
  private static final String EMBEDDING_PARAMS =
      "com.openai.models.embeddings.EmbeddingCreateParams";
  private static final String EMBEDDING_RESPONSE =
      "com.openai.models.embeddings.CreateEmbeddingResponse";

  private static final String CHAT_ADVICE = ChatCompletionAdvice.class.getName();
  private static final String RESPONSE_ADVICE = ResponseAdvice.class.getName();
  private static final String EMBEDDING_ADVICE = EmbeddingAdvice.class.getName();
  private static final String REQUEST_BODY_ADVICE = RequestBodyAdvice.class.getName();

  @Override
  public String name() {
    return "openai";
  }

  @Override
  public List<TypeSelector> typeSelectors() {
    return TypeSelector.allNamed(
        CHAT_SERVICE,
        CHAT_SERVICE_RAW,
        CHAT_SERVICE_ASYNC,
        RESPONSE_SERVICE,
        RESPONSE_SERVICE_RAW,
        RESPONSE_SERVICE_ASYNC,
        EMBEDDING_SERVICE,
        EMBEDDING_SERVICE_RAW,
        EMBEDDING_SERVICE_ASYNC,
        REQUEST_BUILDER);
  }

  /**
   * Returns hooks that make the calls of the advice classes as classes load, without Byte Buddy.
   */
  @Override
  public List<MethodHook> methodHooks() {
    return List.of(
        hook(CHAT_SERVICE, "create", CHAT_PARAMS, CHAT_COMPLETION, OpenAiOperations.CHAT_CREATE),
        hook(
            CHAT_SERVICE,
            "createStreaming",
            CHAT_PARAMS,
            STREAM_RESPONSE,
            OpenAiOperations.CHAT_CREATE_STREAMING),
        hook(
            CHAT_SERVICE_RAW,
            "create",
            CHAT_PARAMS,
            HTTP_RESPONSE_FOR,
            OpenAiOperations.CHAT_RAW_CREATE),
        hook(
            CHAT_SERVICE_RAW,
            "createStreaming",
            CHAT_PARAMS,
            HTTP_RESPONSE_FOR,
            OpenAiOperations.CHAT_RAW_CREATE_STREAMING),
        hook(CHAT_SERVICE_ASYNC, "create", CHAT_PARAMS, FUTURE, OpenAiOperations.CHAT_ASYNC_CREATE),
        hook(
            CHAT_SERVICE_ASYNC,
            "createStreaming",
            CHAT_PARAMS,
            ASYNC_STREAM_RESPONSE,
            OpenAiOperations.CHAT_ASYNC_CREATE_STREAMING),
        hook(
            RESPONSE_SERVICE,
            "create",
            RESPONSE_PARAMS,
            RESPONSE,
            OpenAiOperations.RESPONSES_CREATE),
        hook(
            RESPONSE_SERVICE,
            "createStreaming",
            RESPONSE_PARAMS,
            STREAM_RESPONSE,
            OpenAiOperations.RESPONSES_CREATE_STREAMING),
        hook(
            RESPONSE_SERVICE_RAW,
            "create",
            RESPONSE_PARAMS,
            HTTP_RESPONSE_FOR,
            OpenAiOperations.RESPONSES_RAW_CREATE),
        hook(
            RESPONSE_SERVICE_RAW,
            "createStreaming",
            RESPONSE_PARAMS,
            HTTP_RESPONSE_FOR,
            OpenAiOperations.RESPONSES_RAW_CREATE_STREAMING),
        hook(
            RESPONSE_SERVICE_ASYNC,
            "create",
            RESPONSE_PARAMS,
            FUTURE,
            OpenAiOperations.RESPONSES_ASYNC_CREATE),
        hook(
            RESPONSE_SERVICE_ASYNC,
            "createStreaming",
            RESPONSE_PARAMS,
            ASYNC_STREAM_RESPONSE,
            OpenAiOperations.RESPONSES_ASYNC_CREATE_STREAMING),
        hook(
            EMBEDDING_SERVICE,
            "create",
            EMBEDDING_PARAMS,
            EMBEDDING_RESPONSE,
            OpenAiOperations.EMBEDDINGS_CREATE),
        hook(
            EMBEDDING_SERVICE_RAW,
            "create",
            EMBEDDING_PARAMS,
            HTTP_RESPONSE_FOR,
            OpenAiOperations.EMBEDDINGS_RAW_CREATE),
        hook(
            EMBEDDING_SERVICE_ASYNC,
            "create",
            EMBEDDING_PARAMS,
            FUTURE,
            OpenAiOperations.EMBEDDINGS_ASYNC_CREATE),
        requestBodyHook());
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        type(CHAT_SERVICE)
            .advise(create(CHAT_PARAMS, CHAT_COMPLETION), CHAT_ADVICE + "$Create")
            .advise(
                createStreaming(CHAT_PARAMS, STREAM_RESPONSE), CHAT_ADVICE + "$CreateStreaming"),
        type(CHAT_SERVICE_RAW)
            .advise(create(CHAT_PARAMS, HTTP_RESPONSE_FOR), CHAT_ADVICE + "$RawCreate")
            .advise(
                createStreaming(CHAT_PARAMS, HTTP_RESPONSE_FOR),
                CHAT_ADVICE + "$RawCreateStreaming"),
        type(CHAT_SERVICE_ASYNC)
            .advise(create(CHAT_PARAMS, FUTURE), CHAT_ADVICE + "$AsyncCreate")
            .advise(
                createStreaming(CHAT_PARAMS, ASYNC_STREAM_RESPONSE),
                CHAT_ADVICE + "$AsyncCreateStreaming"),
        type(RESPONSE_SERVICE)
            .advise(create(RESPONSE_PARAMS, RESPONSE), RESPONSE_ADVICE + "$Create")
            .advise(
                createStreaming(RESPONSE_PARAMS, STREAM_RESPONSE),
                RESPONSE_ADVICE + "$CreateStreaming"),
        type(RESPONSE_SERVICE_RAW)
            .advise(create(RESPONSE_PARAMS, HTTP_RESPONSE_FOR), RESPONSE_ADVICE + "$RawCreate")
            .advise(
                createStreaming(RESPONSE_PARAMS, HTTP_RESPONSE_FOR),
                RESPONSE_ADVICE + "$RawCreateStreaming"),
        type(RESPONSE_SERVICE_ASYNC)
            .advise(create(RESPONSE_PARAMS, FUTURE), RESPONSE_ADVICE + "$AsyncCreate")
            .advise(
                createStreaming(RESPONSE_PARAMS, ASYNC_STREAM_RESPONSE),
                RESPONSE_ADVICE + "$AsyncCreateStreaming"),
        type(EMBEDDING_SERVICE)
            .advise(create(EMBEDDING_PARAMS, EMBEDDING_RESPONSE), EMBEDDING_ADVICE + "$Create"),
        type(EMBEDDING_SERVICE_RAW)
            .advise(create(EMBEDDING_PARAMS, HTTP_RESPONSE_FOR), EMBEDDING_ADVICE + "$RawCreate"),
        type(EMBEDDING_SERVICE_ASYNC)
            .advise(create(EMBEDDING_PARAMS, FUTURE), EMBEDDING_ADVICE + "$AsyncCreate"),
        type(REQUEST_BUILDER)
            .advise(
                isMethod()
                    .and(named("body"))
                    .and(isPublic())
                    .and(not(isStatic()))
                    .and(takesArguments(1))
                    .and(takesArgument(0, named(REQUEST_BODY)))
                    .and(returns(named(REQUEST_BUILDER))),
                REQUEST_BODY_ADVICE));
  }

  /**
   * Hooks {@code HttpRequest.Builder.body(HttpRequestBody)}, through which every SDK service sets
   * the body of its request, so a traced chat call receives the body that contains the JSON the SDK
   * serializes for the wire. The hook returns the body unchanged.
   */
  private static MethodHook requestBodyHook() {
    return MethodHook.replaceArgument(
        REQUEST_BUILDER,
        "body",
        MethodHook.descriptor(REQUEST_BUILDER, REQUEST_BODY),
        0,
        REQUEST_BODIES,
        "built",
        "(Ljava/lang/Object;)Ljava/lang/Object;");
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
