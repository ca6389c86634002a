package com.langfuse.agent.advice.springai;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isEnum;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
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
import com.langfuse.agent.instrumentation.springai.SpringAiOperations;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Spring AI ({@code org.springframework.ai}, written against 1.1.2; tested: 1.1.2 on Spring Boot
 * 3.5.7 and 2.0.1 on Spring Boot 4.0.7).
 *
 * <ul>
 *   <li>{@code call(Prompt)} and {@code stream(Prompt)} of every Spring AI chat model class ({@code
 *       org.springframework.ai.*ChatModel}), which {@code ChatClient} calls too: a generation that
 *       is the parent of the tool calls and model round trips made inside it. When a round trip
 *       below it is traced as well, that one is the generation and this span becomes a plain span.
 *   <li>1.x only: the HTTP clients of Spring AI's own OpenAI and Anthropic modules ({@code
 *       OpenAiApi}, {@code AnthropicApi}): one generation per request, streamed or not, and the
 *       OpenAI embeddings. Spring AI 2.x calls the official SDKs instead, which the {@code openai}
 *       and {@code anthropic} modules trace.
 *   <li>{@code ChatClient}'s blocking call ({@code content()}, {@code chatResponse()}, {@code
 *       chatClientResponse()}): a {@code chain} span around the chat model calls and tool
 *       executions of one request, which Spring AI 2.x makes from the client rather than from
 *       inside the chat model.
 *   <li>{@code call(String, ToolContext)} of {@code MethodToolCallback} and {@code
 *       FunctionToolCallback}: a {@code tool} span for each tool execution.
 * </ul>
 *
 * <p>Streams are observed per subscription, and their spans follow the stream across Reactor's
 * threads through the Reactor context. Tasks scheduled on Reactor's schedulers get the current span
 * from the {@code reactor} module, so a stream with tool calls stays in one trace only while that
 * module is on.
 *
 * <p>The chat model and tool advice go through {@code ScopeBridge}, which leaves the bridge's call
 * depth alone, so the SDK or HTTP client calls made inside them are still traced.
 */
public final class SpringAiInstrumentationModule implements InstrumentationModule {

  /** The helper of the chat model and tool advice. */
  public static final String CHAT_MODEL_HANDLER =
      "com.langfuse.agent.instrumentation.springai.ChatModelHandler";

  /** The helper of the 1.x HTTP client advice. */
  public static final String PROVIDER_API_HANDLER =
      "com.langfuse.agent.instrumentation.springai.ProviderApiHandler";

  private static final String PROMPT = "org.springframework.ai.chat.prompt.Prompt";
  private static final String CHAT_RESPONSE = "org.springframework.ai.chat.model.ChatResponse";
  private static final String FLUX = "reactor.core.publisher.Flux";
  private static final String TOOL_CONTEXT = "org.springframework.ai.chat.model.ToolContext";
  private static final String HEADERS = "org.springframework.util.MultiValueMap";
  private static final String RESPONSE_ENTITY = "org.springframework.http.ResponseEntity";
  private static final String OPENAI_API = "org.springframework.ai.openai.api.OpenAiApi";
  private static final String ANTHROPIC_API = "org.springframework.ai.anthropic.api.AnthropicApi";

  private static final String CALL_RESPONSE_SPEC =
      "org.springframework.ai.chat.client.DefaultChatClient$DefaultCallResponseSpec";
  private static final String METHOD_TOOL_CALLBACK =
      "org.springframework.ai.tool.method.MethodToolCallback";
  private static final String FUNCTION_TOOL_CALLBACK =
      "org.springframework.ai.tool.function.FunctionToolCallback";

  /** The chat model classes of Spring AI's provider modules, such as {@code OpenAiChatModel}. */
  private static final TypeSelector CHAT_MODELS =
      TypeSelector.nameStartsWith("org.springframework.ai.").endingWith("ChatModel");

  private static final String CHAT_MODEL_ADVICE = ChatModelAdvice.class.getName();
  private static final String CHAT_CLIENT_ADVICE = ChatClientAdvice.class.getName();
  private static final String TOOL_ADVICE = ToolCallbackAdvice.class.getName();
  private static final String API_ADVICE = ProviderApiAdvice.class.getName();

  @Override
  public String name() {
    return "spring-ai";
  }

  @Override
  public List<TypeSelector> typeSelectors() {
    return List.of(
        CHAT_MODELS,
        TypeSelector.named(CALL_RESPONSE_SPEC),
        TypeSelector.named(METHOD_TOOL_CALLBACK),
        TypeSelector.named(FUNCTION_TOOL_CALLBACK),
        TypeSelector.named(OPENAI_API),
        TypeSelector.named(ANTHROPIC_API));
  }

  /**
   * Returns hooks that make the calls of this module's advice as the classes load, without Byte
   * Buddy. The chat model hooks apply to every concrete class that {@code CHAT_MODELS} selects, as
   * the chat model advice does.
   */
  @Override
  public List<MethodHook> methodHooks() {
    String toolCall = MethodHook.descriptor("java.lang.String", "java.lang.String", TOOL_CONTEXT);
    return List.of(
        MethodHook.scope(
            CHAT_MODELS,
            "call",
            MethodHook.descriptor(CHAT_RESPONSE, PROMPT),
            CHAT_MODEL_HANDLER,
            SpringAiOperations.CHAT_CALL),
        MethodHook.scope(
                CHAT_MODELS,
                "stream",
                MethodHook.descriptor(FLUX, PROMPT),
                CHAT_MODEL_HANDLER,
                SpringAiOperations.CHAT_STREAM)
            .replacingReturned(),
        MethodHook.scope(
            CALL_RESPONSE_SPEC,
            "doGetObservableChatClientResponse",
            MethodHook.descriptor(
                "org.springframework.ai.chat.client.ChatClientResponse",
                "org.springframework.ai.chat.client.ChatClientRequest"),
            CHAT_MODEL_HANDLER,
            SpringAiOperations.CHAT_CLIENT_CALL),
        MethodHook.scope(
            METHOD_TOOL_CALLBACK,
            "call",
            toolCall,
            CHAT_MODEL_HANDLER,
            SpringAiOperations.TOOL_CALL),
        MethodHook.scope(
            FUNCTION_TOOL_CALLBACK,
            "call",
            toolCall,
            CHAT_MODEL_HANDLER,
            SpringAiOperations.TOOL_CALL),
        apiHook(
            OPENAI_API,
            "chatCompletionEntity",
            RESPONSE_ENTITY,
            SpringAiOperations.OPENAI_CHAT,
            OPENAI_API + "$ChatCompletionRequest",
            HEADERS),
        apiHook(
            OPENAI_API,
            "chatCompletionStream",
            FLUX,
            SpringAiOperations.OPENAI_CHAT_STREAM,
            OPENAI_API + "$ChatCompletionRequest",
            HEADERS),
        apiHook(
            OPENAI_API,
            "embeddings",
            RESPONSE_ENTITY,
            SpringAiOperations.OPENAI_EMBEDDINGS,
            OPENAI_API + "$EmbeddingRequest"),
        apiHook(
            ANTHROPIC_API,
            "chatCompletionEntity",
            RESPONSE_ENTITY,
            SpringAiOperations.ANTHROPIC_CHAT,
            ANTHROPIC_API + "$ChatCompletionRequest",
            HEADERS),
        apiHook(
            ANTHROPIC_API,
            "chatCompletionStream",
            FLUX,
            SpringAiOperations.ANTHROPIC_CHAT_STREAM,
            ANTHROPIC_API + "$ChatCompletionRequest",
            HEADERS));
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        new TypeInstrumentation(
                CHAT_MODELS, not(isInterface()).and(not(isEnum())).and(not(isAbstract())))
            .advise(chatModelMethod("call", CHAT_RESPONSE), CHAT_MODEL_ADVICE + "$Call")
            .advise(chatModelMethod("stream", FLUX), CHAT_MODEL_ADVICE + "$Stream"),
        TypeInstrumentation.named(CALL_RESPONSE_SPEC).advise(chatClientCall(), CHAT_CLIENT_ADVICE),
        TypeInstrumentation.named(METHOD_TOOL_CALLBACK).advise(toolCall(), TOOL_ADVICE),
        TypeInstrumentation.named(FUNCTION_TOOL_CALLBACK).advise(toolCall(), TOOL_ADVICE),
        TypeInstrumentation.named(OPENAI_API)
            .advise(
                apiMethod(
                    "chatCompletionEntity", OPENAI_API + "$ChatCompletionRequest", RESPONSE_ENTITY),
                API_ADVICE + "$OpenAiChat")
            .advise(
                apiMethod("chatCompletionStream", OPENAI_API + "$ChatCompletionRequest", FLUX),
                API_ADVICE + "$OpenAiChatStream")
            .advise(
                isMethod()
                    .and(named("embeddings"))
                    .and(isPublic())
                    .and(takesArguments(1))
                    .and(takesArgument(0, named(OPENAI_API + "$EmbeddingRequest")))
                    .and(returns(named(RESPONSE_ENTITY))),
                API_ADVICE + "$OpenAiEmbeddings"),
        TypeInstrumentation.named(ANTHROPIC_API)
            .advise(
                apiMethod(
                    "chatCompletionEntity",
                    ANTHROPIC_API + "$ChatCompletionRequest",
                    RESPONSE_ENTITY),
                API_ADVICE + "$AnthropicChat")
            .advise(
                apiMethod("chatCompletionStream", ANTHROPIC_API + "$ChatCompletionRequest", FLUX),
                API_ADVICE + "$AnthropicChatStream"));
  }

  private static MethodHook apiHook(
      String api, String method, String returnType, int operation, String... parameterTypes) {
    return MethodHook.bridge(
        api,
        method,
        MethodHook.descriptor(returnType, parameterTypes),
        PROVIDER_API_HANDLER,
        operation);
  }

  /** Matches {@code public <returnType> <name>(Prompt)}. */
  private static ElementMatcher.Junction<MethodDescription> chatModelMethod(
      String name, String returnType) {
    return isMethod()
        .and(named(name))
        .and(isPublic())
        .and(not(isStatic()))
        .and(not(isAbstract()))
        .and(takesArguments(1))
        .and(takesArgument(0, named(PROMPT)))
        .and(returns(named(returnType)));
  }

  /**
   * Matches {@code ChatClientResponse doGetObservableChatClientResponse(ChatClientRequest)}, which
   * the blocking response methods call. NOTE: in 2.x, {@code entity()} and {@code responseEntity()}
   * call a two-argument variant instead, so they get no {@code chain} span.
   */
  private static ElementMatcher.Junction<MethodDescription> chatClientCall() {
    return isMethod()
        .and(named("doGetObservableChatClientResponse"))
        .and(not(isStatic()))
        .and(takesArguments(1))
        .and(takesArgument(0, named("org.springframework.ai.chat.client.ChatClientRequest")))
        .and(returns(named("org.springframework.ai.chat.client.ChatClientResponse")));
  }

  /** Matches {@code public String call(String, ToolContext)}, which {@code call(String)} calls. */
  private static ElementMatcher.Junction<MethodDescription> toolCall() {
    return isMethod()
        .and(named("call"))
        .and(isPublic())
        .and(not(isStatic()))
        .and(takesArguments(2))
        .and(takesArgument(0, named("java.lang.String")))
        .and(takesArgument(1, named(TOOL_CONTEXT)))
        .and(returns(named("java.lang.String")));
  }

  /**
   * Matches {@code public <returnType> <name>(<requestType>, MultiValueMap)}; the one-argument
   * variant calls it.
   */
  private static ElementMatcher.Junction<MethodDescription> apiMethod(
      String name, String requestType, String returnType) {
    return isMethod()
        .and(named(name))
        .and(isPublic())
        .and(not(isStatic()))
        .and(takesArguments(2))
        .and(takesArgument(0, named(requestType)))
        .and(takesArgument(1, named(HEADERS)))
        .and(returns(named(returnType)));
  }
}
