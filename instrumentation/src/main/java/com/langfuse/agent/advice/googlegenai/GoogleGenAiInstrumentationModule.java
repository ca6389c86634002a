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
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The Google Gen AI Java SDK ({@code com.google.genai:google-genai}, tested with 1.0.0 and 2.3.0):
 * {@code client.models.generateContent} and {@code generateContentStream}, and their twins on
 * {@code client.async.models}, against the Gemini Developer API or Vertex AI.
 *
 * <p>The advice goes on the package-private {@code privateGenerateContent} and {@code
 * privateGenerateContentStream} methods, each of which sends one HTTP request, so a public call
 * whose automatic function calling makes several requests gives one generation per request. The SDK
 * retries below them. The stream the SDK returns is observed through {@code
 * ResponseStream.iterator()} and {@code close()}. Methods are matched by name, parameter types and
 * return type, so an SDK version with other signatures is left untouched.
 *
 * <p>NOTE: {@code embedContent} is not traced. With the stream continuation of google-genai 2.x
 * ({@code automaticContinuation}), the chunks of a follow-up request are read through the first
 * stream's iterator and count towards the first request's generation.
 */
public final class GoogleGenAiInstrumentationModule implements InstrumentationModule {

  /** The helper class the advice calls through the bridge. */
  public static final String HANDLER =
      "com.langfuse.agent.instrumentation.googlegenai.GoogleGenAiCallHandler";

  private static final String GENAI = "com.google.genai.";
  private static final String CONTENT_RESPONSE = GENAI + "types.GenerateContentResponse";
  private static final String CONFIG = GENAI + "types.GenerateContentConfig";
  private static final String RESPONSE_STREAM = GENAI + "ResponseStream";
  private static final String FUTURE = "java.util.concurrent.CompletableFuture";

  private static final String ADVICE = GenerateContentAdvice.class.getName();

  @Override
  public String name() {
    return "google-genai";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        new TypeInstrumentation(named(GENAI + "Models"))
            .advise(request("privateGenerateContent", CONTENT_RESPONSE), ADVICE + "$Generate")
            .advise(
                request("privateGenerateContentStream", RESPONSE_STREAM),
                ADVICE + "$GenerateStream"),
        new TypeInstrumentation(named(GENAI + "AsyncModels"))
            .advise(request("privateGenerateContent", FUTURE), ADVICE + "$AsyncGenerate")
            .advise(
                request("privateGenerateContentStream", FUTURE), ADVICE + "$AsyncGenerateStream"),
        new TypeInstrumentation(named(RESPONSE_STREAM))
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

  private static ElementMatcher.Junction<MethodDescription> noArguments(String name) {
    return isMethod().and(named(name)).and(isPublic()).and(not(isStatic())).and(takesArguments(0));
  }
}
