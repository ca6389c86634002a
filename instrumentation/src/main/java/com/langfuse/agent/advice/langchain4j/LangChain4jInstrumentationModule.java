package com.langfuse.agent.advice.langchain4j;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
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
 * LangChain4j 1.x ({@code dev.langchain4j:langchain4j-core} and {@code langchain4j}): chat and
 * streaming chat model calls as generations, embedding model calls as embeddings, AI Service method
 * calls as {@code chain} or {@code agent} spans and tool executions as {@code tool} spans.
 *
 * <p>Supported: 1.0.0 to 1.19.0. The it-tests run every scenario on 1.19.0 and a smaller set on
 * 1.0.0; the releases between were not tested. A tool execution is traced where the tool service
 * runs it ({@code internalExecuteTool}, 1.19.0) and, for {@code @Tool} methods, where {@code
 * DefaultToolExecutor} runs it ({@code execute} in 1.0.0, {@code executeWithContext} later). The
 * handler rejects releases before 1.0.0, which lack {@code ChatModel}, so they run untraced.
 *
 * <p>The chat advice goes on the default {@code chat} methods of the {@code ChatModel} and {@code
 * StreamingChatModel} interfaces, which apply the model's default parameters and call the
 * provider's {@code doChat}, so every provider module is traced, including ones the tests never
 * ran. A provider class that overrides {@code chat} itself is not traced. Embedding calls are
 * traced in the interface and in the LangChain4j provider classes ({@code dev.langchain4j.model.*})
 * that implement {@code embedAll}.
 */
public final class LangChain4jInstrumentationModule implements InstrumentationModule {

  /** The helper class the advice calls through the bridge. */
  public static final String HANDLER =
      "com.langfuse.agent.instrumentation.langchain4j.LangChain4jCallHandler";

  private static final String CHAT = "dev.langchain4j.model.chat.";
  private static final String CHAT_REQUEST = CHAT + "request.ChatRequest";
  private static final String CHAT_OPTIONS = CHAT + "ChatRequestOptions";
  private static final String CHAT_RESPONSE = CHAT + "response.ChatResponse";
  private static final String STREAMING_HANDLER = CHAT + "response.StreamingChatResponseHandler";
  private static final String EMBEDDING_MODEL = "dev.langchain4j.model.embedding.EmbeddingModel";
  private static final String EMBEDDING_REQUEST =
      "dev.langchain4j.model.embedding.request.EmbeddingRequest";
  private static final String EMBEDDING_RESPONSE =
      "dev.langchain4j.model.embedding.response.EmbeddingResponse";
  private static final String RESPONSE = "dev.langchain4j.model.output.Response";
  private static final String TOOL_REQUEST = "dev.langchain4j.agent.tool.ToolExecutionRequest";
  private static final String TOOL_RESULT = "dev.langchain4j.service.tool.ToolExecutionResult";

  private static final String CHAT_MODEL = CHAT + "ChatModel";
  private static final String STREAMING_CHAT_MODEL = CHAT + "StreamingChatModel";
  private static final String TOOL_SERVICE = "dev.langchain4j.service.tool.ToolService";
  private static final String TOOL_EXECUTOR = "dev.langchain4j.service.tool.DefaultToolExecutor";

  /**
   * The provider modules' embedding models, which override {@code embedAll}: their class files
   * contain that method name, which spares parsing every other class of those packages.
   */
  private static final TypeSelector EMBEDDING_MODEL_CLASSES =
      TypeSelector.nameStartsWith("dev.langchain4j.model.").alsoMentioning("embedAll");

  /** The invocation handlers of AI Service proxies, nested classes of DefaultAiServices. */
  private static final TypeSelector AI_SERVICE_HANDLERS =
      TypeSelector.nameStartsWith("dev.langchain4j.service.DefaultAiServices$");

  private static final String CHAT_ADVICE = ChatModelAdvice.class.getName();
  private static final String EMBEDDING_ADVICE = EmbeddingModelAdvice.class.getName();
  private static final String SERVICE_ADVICE = AiServiceAdvice.class.getName();

  @Override
  public String name() {
    return "langchain4j";
  }

  @Override
  public List<TypeSelector> typeSelectors() {
    return List.of(
        TypeSelector.named(CHAT_MODEL),
        TypeSelector.named(STREAMING_CHAT_MODEL),
        TypeSelector.named(EMBEDDING_MODEL),
        EMBEDDING_MODEL_CLASSES,
        AI_SERVICE_HANDLERS,
        TypeSelector.named(TOOL_SERVICE),
        TypeSelector.named(TOOL_EXECUTOR));
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        TypeInstrumentation.named(CHAT_MODEL).advise(chat(), CHAT_ADVICE + "$Chat"),
        TypeInstrumentation.named(STREAMING_CHAT_MODEL)
            .advise(
                implemented("chat", 2)
                    .and(takesArgument(0, named(CHAT_REQUEST)))
                    .and(takesArgument(1, named(STREAMING_HANDLER))),
                CHAT_ADVICE + "$StreamingChat")
            .advise(
                implemented("chat", 3)
                    .and(takesArgument(0, named(CHAT_REQUEST)))
                    .and(takesArgument(1, named(CHAT_OPTIONS)))
                    .and(takesArgument(2, named(STREAMING_HANDLER))),
                CHAT_ADVICE + "$StreamingChatWithOptions"),
        TypeInstrumentation.named(EMBEDDING_MODEL)
            .advise(embedAll(), EMBEDDING_ADVICE + "$EmbedAll")
            .advise(
                implemented("embed", 1)
                    .and(takesArgument(0, named(EMBEDDING_REQUEST)))
                    .and(returns(named(EMBEDDING_RESPONSE))),
                EMBEDDING_ADVICE + "$EmbedRequest"),
        new TypeInstrumentation(
                EMBEDDING_MODEL_CLASSES,
                not(isInterface()).and(hasSuperType(named(EMBEDDING_MODEL))))
            .advise(embedAll(), EMBEDDING_ADVICE + "$EmbedAll"),
        new TypeInstrumentation(
                AI_SERVICE_HANDLERS, hasSuperType(named("java.lang.reflect.InvocationHandler")))
            .advise(
                implemented("invoke", 3)
                    .and(takesArgument(0, Object.class))
                    .and(takesArgument(1, named("java.lang.reflect.Method")))
                    .and(takesArgument(2, Object[].class)),
                SERVICE_ADVICE + "$Invoke"),
        TypeInstrumentation.named(TOOL_SERVICE)
            .advise(
                implemented("internalExecuteTool", 5)
                    .and(takesArgument(2, named(TOOL_REQUEST)))
                    .and(returns(named(TOOL_RESULT))),
                SERVICE_ADVICE + "$ExecuteTool"),
        TypeInstrumentation.named(TOOL_EXECUTOR)
            .advise(
                implemented("execute", 2)
                    .and(takesArgument(0, named(TOOL_REQUEST)))
                    .and(takesArgument(1, Object.class))
                    .and(returns(String.class)),
                SERVICE_ADVICE + "$ExecuteToolMethod")
            .advise(
                implemented("executeWithContext", 2)
                    .and(takesArgument(0, named(TOOL_REQUEST)))
                    .and(returns(named(TOOL_RESULT))),
                SERVICE_ADVICE + "$ExecuteToolMethod"));
  }

  private static ElementMatcher<MethodDescription> chat() {
    ElementMatcher.Junction<MethodDescription> withOptions =
        takesArguments(2).and(takesArgument(1, named(CHAT_OPTIONS)));
    return isMethod()
        .and(named("chat"))
        .and(not(isAbstract()))
        .and(not(isStatic()))
        .and(takesArguments(1).or(withOptions))
        .and(takesArgument(0, named(CHAT_REQUEST)))
        .and(returns(named(CHAT_RESPONSE)));
  }

  private static ElementMatcher<MethodDescription> embedAll() {
    return implemented("embedAll", 1)
        .and(takesArgument(0, named("java.util.List")))
        .and(returns(named(RESPONSE)));
  }

  /** Matches a non-abstract instance method by name and parameter count. */
  private static ElementMatcher.Junction<MethodDescription> implemented(String name, int arity) {
    return isMethod()
        .and(named(name))
        .and(not(isAbstract()))
        .and(not(isStatic()))
        .and(takesArguments(arity));
  }
}
