package com.langfuse.agent.advice.lambda;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
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
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * AWS Lambda handlers ({@code com.amazonaws:aws-lambda-java-core}, written against 1.3.0): flushes
 * queued spans when {@code handleRequest} of a {@code RequestHandler} or {@code
 * RequestStreamHandler} implementation returns or throws, as {@link
 * com.langfuse.agent.bootstrap.lambda.LambdaInvocation} describes.
 *
 * <p>Installs nothing unless {@code AWS_LAMBDA_FUNCTION_NAME} is set, which the Lambda runtime
 * does. Handlers are found by their supertypes, which no class name reveals. Every advised {@code
 * handleRequest} takes a {@code Context}, so only application classes whose class file contains
 * that type's name reach the type matcher, which then walks their supertypes.
 */
public final class AwsLambdaInstrumentationModule implements InstrumentationModule {

  /** Set by the Lambda runtime in every function's environment. */
  static final String FUNCTION_NAME_VARIABLE = "AWS_LAMBDA_FUNCTION_NAME";

  private static final String RUNTIME_PACKAGE = "com.amazonaws.services.lambda.runtime.";
  private static final String REQUEST_HANDLER = RUNTIME_PACKAGE + "RequestHandler";
  private static final String REQUEST_STREAM_HANDLER = RUNTIME_PACKAGE + "RequestStreamHandler";
  private static final String CONTEXT = RUNTIME_PACKAGE + "Context";

  private static final String ADVICE = LambdaHandlerAdvice.class.getName();

  /** Application classes whose class file names the Context type, as a handler's does. */
  private static final TypeSelector HANDLER_CLASSES =
      TypeSelector.mentioning(CONTEXT.replace('.', '/'));

  private final boolean onLambda;

  public AwsLambdaInstrumentationModule() {
    this(isSet(System.getenv(FUNCTION_NAME_VARIABLE)));
  }

  AwsLambdaInstrumentationModule(boolean onLambda) {
    this.onLambda = onLambda;
  }

  @Override
  public String name() {
    return "aws-lambda";
  }

  @Override
  public List<TypeSelector> typeSelectors() {
    return onLambda ? List.of(HANDLER_CLASSES) : List.of();
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    if (!onLambda) {
      return List.of();
    }
    return List.of(
        new TypeInstrumentation(HANDLER_CLASSES, handlerTypes())
            .advise(requestHandlerMethod(), ADVICE + "$HandleRequest")
            .advise(requestStreamHandlerMethod(), ADVICE + "$HandleStreamRequest"));
  }

  /** Classes that implement either handler interface, directly or through a supertype. */
  static ElementMatcher.Junction<TypeDescription> handlerTypes() {
    return not(isInterface())
        .and(not(nameStartsWith("java.")))
        .and(not(nameStartsWith("javax.")))
        .and(not(nameStartsWith("jdk.")))
        .and(not(nameStartsWith("sun.")))
        .and(not(nameStartsWith("com.sun.")))
        .and(not(nameStartsWith(RUNTIME_PACKAGE)))
        .and(hasSuperType(named(REQUEST_HANDLER).or(named(REQUEST_STREAM_HANDLER))));
  }

  /**
   * {@code handleRequest(I, Context)} with a body. Bridge methods, which javac adds for a generic
   * implementation and which only call the real method, are left alone.
   */
  static ElementMatcher.Junction<MethodDescription> requestHandlerMethod() {
    return handleRequest().and(takesArguments(2)).and(takesArgument(1, named(CONTEXT)));
  }

  /** {@code void handleRequest(InputStream, OutputStream, Context)} with a body. */
  static ElementMatcher.Junction<MethodDescription> requestStreamHandlerMethod() {
    return handleRequest()
        .and(takesArguments(3))
        .and(takesArgument(0, named("java.io.InputStream")))
        .and(takesArgument(1, named("java.io.OutputStream")))
        .and(takesArgument(2, named(CONTEXT)))
        .and(returns(named("void")));
  }

  private static ElementMatcher.Junction<MethodDescription> handleRequest() {
    return isMethod()
        .and(named("handleRequest"))
        .and(not(isStatic()))
        .and(not(isAbstract()))
        .and(not(isBridge()));
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
