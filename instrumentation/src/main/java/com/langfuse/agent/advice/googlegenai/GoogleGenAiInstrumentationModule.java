package com.langfuse.agent.advice.googlegenai;

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
import com.langfuse.agent.advice.TypeSelector;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The Google Gen AI Java SDK ({@code com.google.genai:google-genai}, tested with 1.0.0 and 2.3.0):
 * {@code client.models.generateContent}, {@code generateContentStream} and {@code embedContent},
 * and their twins on {@code client.async.models}, against the Gemini Developer API or Vertex AI.
 *
 * <p>The advice goes on the package-private {@code privateGenerateContent} and {@code
 * privateGenerateContentStream} methods, each of which sends one HTTP request, so a public call
 * whose automatic function calling makes several requests gives one generation per request. The SDK
 * retries below them. The stream the SDK returns is observed through {@code
 * ResponseStream.iterator()} and {@code close()}. Methods are matched by name, parameter types and
 * return type, so an SDK version with other signatures is left untouched.
 *
 * <p>{@code embedContent} becomes an embedding through {@code privateEmbedContent} the same way.
 *
 * <p>NOTE: When a stream is resumed with a follow-up request ({@code automaticContinuation} in the
 * config of google-genai 2.3.0), the follow-up's chunks are read through the first stream's
 * iterator, so they count towards the first request's generation and the follow-up's generation
 * gets none. That path has no test.
 */
public final class GoogleGenAiInstrumentationModule implements InstrumentationModule {

  /** The helper class the advice calls through the bridge. */
  public static final String HANDLER =
      "com.langfuse.agent.instrumentation.googlegenai.GoogleGenAiCallHandler";

  private static final String GENAI = "com.google.genai.";
  private static final String CONTENT_RESPONSE = GENAI + "types.GenerateContentResponse";
  private static final String CONFIG = GENAI + "types.GenerateContentConfig";
  private static final String EMBED_RESPONSE = GENAI + "types.EmbedContentResponse";
  private static final String EMBED_CONFIG = GENAI + "types.EmbedContentConfig";
  private static final String RESPONSE_STREAM = GENAI + "ResponseStream";
  private static final String FUTURE = "java.util.concurrent.CompletableFuture";

  private static final String ADVICE = GoogleGenAiAdvice.class.getName();

  @Override
  public String name() {
    return "google-genai";
  }

  @Override
  public List<TypeSelector> typeSelectors() {
    return TypeSelector.allNamed(GENAI + "Models", GENAI + "AsyncModels", RESPONSE_STREAM);
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        TypeInstrumentation.named(GENAI + "Models")
            .advise(request("privateGenerateContent", CONTENT_RESPONSE), ADVICE + "$Generate")
            .advise(
                request("privateGenerateContentStream", RESPONSE_STREAM),
                ADVICE + "$GenerateStream")
            .advise(embed(EMBED_RESPONSE), ADVICE + "$Embed"),
        TypeInstrumentation.named(GENAI + "AsyncModels")
            .advise(request("privateGenerateContent", FUTURE), ADVICE + "$AsyncGenerate")
            .advise(
                request("privateGenerateContentStream", FUTURE), ADVICE + "$AsyncGenerateStream")
            .advise(embed(FUTURE), ADVICE + "$AsyncEmbed"),
        TypeInstrumentation.named(RESPONSE_STREAM)
            .advise(
                noArguments("iterator").and(returns(named("java.util.Iterator"))),
                ADVICE + "$StreamIterator")
            .advise(noArguments("close").and(returns(void.class)), ADVICE + "$StreamClose"));
  }

  /**
   * Matches {@code <returnType> <name>(String model, List contents, GenerateContentConfig)},
   * erasures only.
   */
  private static ElementMatcher.Junction<MethodDescription> request(
      String name, String returnType) {
    return isMethod()
        .and(named(name))
        .and(not(isStatic()))
        .and(takesArguments(3))
        .and(takesArgument(0, named("java.lang.String")))
        .and(takesArgument(1, named("java.util.List")))
        .and(takesArgument(2, named(CONFIG)))
        .and(returns(named(returnType)));
  }

  /**
   * Matches {@code <returnType> privateEmbedContent(String model, List contents, ...,
   * EmbedContentConfig)} with three parameters (google-genai 1.x) or five (2.x), erasures only.
   */
  private static ElementMatcher.Junction<MethodDescription> embed(String returnType) {
    return isMethod()
        .and(named("privateEmbedContent"))
        .and(not(isStatic()))
        .and(takesArgument(0, named("java.lang.String")))
        .and(takesArgument(1, named("java.util.List")))
        .and(
            takesArguments(3)
                .and(takesArgument(2, named(EMBED_CONFIG)))
                .or(takesArguments(5).and(takesArgument(4, named(EMBED_CONFIG)))))
        .and(returns(named(returnType)));
  }

  private static ElementMatcher.Junction<MethodDescription> noArguments(String name) {
    return isMethod().and(named(name)).and(isPublic()).and(not(isStatic())).and(takesArguments(0));
  }
}
