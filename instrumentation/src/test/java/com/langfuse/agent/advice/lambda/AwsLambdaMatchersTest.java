package com.langfuse.agent.advice.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.langfuse.agent.advice.TypeSelector;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

/** Which types and methods the aws-lambda module advises, checked against the real interfaces. */
class AwsLambdaMatchersTest {

  @Test
  void offLambdaInstallsNothing() {
    assertThat(new AwsLambdaInstrumentationModule(false).typeInstrumentations()).isEmpty();
  }

  @Test
  void onLambdaInstallsHandlerAdvice() {
    AwsLambdaInstrumentationModule module = new AwsLambdaInstrumentationModule(true);
    assertThat(module.name()).isEqualTo("aws-lambda");
    assertThat(module.typeInstrumentations()).hasSize(1);
    assertThat(module.typeInstrumentations().get(0).advice()).hasSize(2);
  }

  @Test
  void handlerTypesMatched() {
    assertThat(matchesType(GenericHandler.class)).isTrue();
    assertThat(matchesType(StreamHandler.class)).isTrue();
    assertThat(matchesType(SubclassHandler.class)).isTrue();
  }

  @Test
  void otherTypesNotMatched() {
    assertThat(matchesType(RequestHandler.class)).isFalse();
    assertThat(matchesType(RequestStreamHandler.class)).isFalse();
    assertThat(matchesType(NotAHandler.class)).isFalse();
    assertThat(matchesType(String.class)).isFalse();
  }

  @Test
  void genericHandlerBridgeNotAdvised() {
    List<Method> advised = advisedMethods(GenericHandler.class);
    assertThat(advised).hasSize(1);
    assertThat(advised.get(0).getParameterTypes()[0]).isEqualTo(String.class);
  }

  @Test
  void streamHandlerMethodAdvised() {
    List<Method> advised = advisedMethods(StreamHandler.class);
    assertThat(advised).hasSize(1);
    assertThat(advised.get(0).getParameterCount()).isEqualTo(3);
  }

  @Test
  void abstractHandleRequestNotAdvised() {
    assertThat(advisedMethods(AbstractHandler.class)).isEmpty();
  }

  @Test
  void handlerClassFilesSelected() throws IOException {
    assertThat(selected(GenericHandler.class)).isTrue();
    assertThat(selected(StreamHandler.class)).isTrue();
  }

  @Test
  void classesWithoutContextNotSelected() throws IOException {
    assertThat(selected(NotAHandler.class)).isFalse();
    // It inherits handleRequest and declares no method to advise.
    assertThat(selected(SubclassHandler.class)).isFalse();
  }

  @Test
  void offLambdaSelectsNothing() {
    assertThat(new AwsLambdaInstrumentationModule(false).typeSelectors()).isEmpty();
  }

  private static boolean selected(Class<?> type) throws IOException {
    TypeSelector selector = new AwsLambdaInstrumentationModule(true).typeSelectors().get(0);
    String internalName = type.getName().replace('.', '/');
    byte[] classFile;
    try (InputStream in = type.getResourceAsStream("/" + internalName + ".class")) {
      classFile = in.readAllBytes();
    }
    return selector.selects(internalName, type.getClassLoader(), classFile);
  }

  private static boolean matchesType(Class<?> type) {
    return AwsLambdaInstrumentationModule.handlerTypes()
        .matches(TypeDescription.ForLoadedType.of(type));
  }

  private static List<Method> advisedMethods(Class<?> type) {
    List<Method> advised = new ArrayList<>();
    for (Method method : type.getDeclaredMethods()) {
      MethodDescription description = new MethodDescription.ForLoadedMethod(method);
      if (AwsLambdaInstrumentationModule.requestHandlerMethod().matches(description)
          || AwsLambdaInstrumentationModule.requestStreamHandlerMethod().matches(description)) {
        advised.add(method);
      }
    }
    return advised;
  }

  static class GenericHandler implements RequestHandler<String, String> {
    @Override
    public String handleRequest(String input, Context context) {
      return input;
    }
  }

  static class SubclassHandler extends GenericHandler {}

  static class StreamHandler implements RequestStreamHandler {
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {}
  }

  abstract static class AbstractHandler implements RequestHandler<String, String> {
    @Override
    public abstract String handleRequest(String input, Context context);
  }

  static class NotAHandler {
    public String handleRequest(String input, Object context) {
      return input;
    }
  }
}
