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
import com.langfuse.agent.advice.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The official OpenAI Java SDK ({@code com.openai:openai-java}, written against 4.105.0): chat
 * completions, the Responses API and embeddings, each plain, streaming, raw and async.
 *
 * <p>Supported: 4.0.0 and later. The it-tests run every scenario on 4.0.0 and 4.105.0, and check
 * that every SDK type, method and field the helpers use exists in both. The matchers below also
 * match 2.0.0, but the helpers need types that 2.0.0 lacks, so the handler rejects any SDK
 * without them and its calls run untraced (one DEBUG line per service class). The 3.x releases
 * were not tested.
 *
 * <p>The advice goes on the service implementations, not the client builders, so every client is
 * traced however it was built. The SDK retries below this layer, so one application call is one
 * generation. The plain methods call their {@code withRawResponse()} twins, and the bridge's call
 * depth keeps that inner call from being traced a second time. Methods are matched by name,
 * parameter types and return type, so an SDK version with other signatures is left untouched.
 */
public final class OpenAiInstrumentationModule implements InstrumentationModule {

  /** The helper class the advice calls through the bridge. */
  public static final String HANDLER =
      "com.langfuse.agent.instrumentation.openai.OpenAiCallHandler";

  private static final String SERVICES = "com.openai.services.";
  private static final String REQUEST_OPTIONS = "com.openai.core.RequestOptions";
  private static final String STREAM_RESPONSE = "com.openai.core.http.StreamResponse";
  private static final String ASYNC_STREAM_RESPONSE = "com.openai.core.http.AsyncStreamResponse";
  private static final String HTTP_RESPONSE_FOR = "com.openai.core.http.HttpResponseFor";
  private static final String FUTURE = "java.util.concurrent.CompletableFuture";

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

  @Override
  public String name() {
    return "openai";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        type(SERVICES + "blocking.chat.ChatCompletionServiceImpl")
            .advise(create(CHAT_PARAMS, CHAT_COMPLETION), CHAT_ADVICE + "$Create")
            .advise(
                createStreaming(CHAT_PARAMS, STREAM_RESPONSE), CHAT_ADVICE + "$CreateStreaming"),
        type(SERVICES + "blocking.chat.ChatCompletionServiceImpl$WithRawResponseImpl")
            .advise(create(CHAT_PARAMS, HTTP_RESPONSE_FOR), CHAT_ADVICE + "$RawCreate")
            .advise(
                createStreaming(CHAT_PARAMS, HTTP_RESPONSE_FOR),
                CHAT_ADVICE + "$RawCreateStreaming"),
        type(SERVICES + "async.chat.ChatCompletionServiceAsyncImpl")
            .advise(create(CHAT_PARAMS, FUTURE), CHAT_ADVICE + "$AsyncCreate")
            .advise(
                createStreaming(CHAT_PARAMS, ASYNC_STREAM_RESPONSE),
                CHAT_ADVICE + "$AsyncCreateStreaming"),
        type(SERVICES + "blocking.ResponseServiceImpl")
            .advise(create(RESPONSE_PARAMS, RESPONSE), RESPONSE_ADVICE + "$Create")
            .advise(
                createStreaming(RESPONSE_PARAMS, STREAM_RESPONSE),
                RESPONSE_ADVICE + "$CreateStreaming"),
        type(SERVICES + "blocking.ResponseServiceImpl$WithRawResponseImpl")
            .advise(create(RESPONSE_PARAMS, HTTP_RESPONSE_FOR), RESPONSE_ADVICE + "$RawCreate")
            .advise(
                createStreaming(RESPONSE_PARAMS, HTTP_RESPONSE_FOR),
                RESPONSE_ADVICE + "$RawCreateStreaming"),
        type(SERVICES + "async.ResponseServiceAsyncImpl")
            .advise(create(RESPONSE_PARAMS, FUTURE), RESPONSE_ADVICE + "$AsyncCreate")
            .advise(
                createStreaming(RESPONSE_PARAMS, ASYNC_STREAM_RESPONSE),
                RESPONSE_ADVICE + "$AsyncCreateStreaming"),
        type(SERVICES + "blocking.EmbeddingServiceImpl")
            .advise(create(EMBEDDING_PARAMS, EMBEDDING_RESPONSE), EMBEDDING_ADVICE + "$Create"),
        type(SERVICES + "blocking.EmbeddingServiceImpl$WithRawResponseImpl")
            .advise(create(EMBEDDING_PARAMS, HTTP_RESPONSE_FOR), EMBEDDING_ADVICE + "$RawCreate"),
        type(SERVICES + "async.EmbeddingServiceAsyncImpl")
            .advise(create(EMBEDDING_PARAMS, FUTURE), EMBEDDING_ADVICE + "$AsyncCreate"));
  }

  private static TypeInstrumentation type(String name) {
    return new TypeInstrumentation(named(name));
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
