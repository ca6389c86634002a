package com.langfuse.agent.internal.context;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Context;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.logging.log4j.ThreadContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Reads the real SLF4J MDC (backed by Logback) and the real Log4j 2 ThreadContext. */
class LoggingContextListenerTest {

  private final LoggingContextListener listener =
      new LoggingContextListener("userId", "sessionId", type -> true);

  @AfterEach
  void clearContexts() {
    MDC.clear();
    ThreadContext.clearAll();
  }

  @Test
  void mdcValuesLandOnSpan() {
    MDC.put("userId", "user-42");
    MDC.put("sessionId", "session-7");
    SpanData span = span();

    listener.onStart(span);

    assertThat(span.attribute(LangfuseAttributes.USER_ID)).isEqualTo("user-42");
    assertThat(span.attribute(LangfuseAttributes.SESSION_ID)).isEqualTo("session-7");
  }

  @Test
  void threadContextUsedWhenMdcLacksKey() {
    MDC.put("userId", "user-from-mdc");
    ThreadContext.put("userId", "user-from-log4j");
    ThreadContext.put("sessionId", "session-from-log4j");
    SpanData span = span();

    listener.onStart(span);

    assertThat(span.attribute(LangfuseAttributes.USER_ID)).isEqualTo("user-from-mdc");
    assertThat(span.attribute(LangfuseAttributes.SESSION_ID)).isEqualTo("session-from-log4j");
  }

  @Test
  void configuredKeysAreRead() {
    MDC.put("uid", "custom-user");
    MDC.put("userId", "default-key-user");
    SpanData span = span();

    new LoggingContextListener("uid", "conversation", type -> true).onStart(span);

    assertThat(span.attribute(LangfuseAttributes.USER_ID)).isEqualTo("custom-user");
    assertThat(span.attribute(LangfuseAttributes.SESSION_ID)).isNull();
  }

  @Test
  void emptyContextSetsNothing() {
    SpanData span = span();

    listener.onStart(span);

    assertThat(span.attributeCount()).isZero();
  }

  @Test
  void uninitializedContextClassesAreNotRead() {
    MDC.put("userId", "user-42");
    ThreadContext.put("sessionId", "session-7");
    SpanData span = span();
    List<String> checked = new ArrayList<>();

    new LoggingContextListener(
            "userId",
            "sessionId",
            type -> {
              checked.add(type.getName());
              return false;
            })
        .onStart(span);

    assertThat(span.attributeCount()).isZero();
    assertThat(checked).containsExactly("org.slf4j.MDC", "org.apache.logging.log4j.ThreadContext");
  }

  @Test
  void boundMdcIsReadBeforeSlf4jStarts() {
    // MDC.put bound the MDC's adapter, as SLF4J 1.7 does when the MDC initializes.
    MDC.put("userId", "user-42");
    SpanData span = span();

    new LoggingContextListener(
            "userId", "sessionId", type -> !type.getName().equals("org.slf4j.LoggerFactory"))
        .onStart(span);

    assertThat(span.attribute(LangfuseAttributes.USER_ID)).isEqualTo("user-42");
  }

  @Test
  void unboundMdcWaitsForSlf4j() throws Exception {
    SpanData span = span();
    URL slf4j = MDC.class.getProtectionDomain().getCodeSource().getLocation();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    // A fresh copy of SLF4J whose MDC is initialized but has no adapter yet, as when
    // log4j-to-slf4j initializes it: reading it would start SLF4J.
    try (URLClassLoader fresh =
        new URLClassLoader(new URL[] {slf4j}, ClassLoader.getPlatformClassLoader())) {
      Class<?> freshMdc = Class.forName("org.slf4j.MDC", true, fresh);
      Field adapter = freshMdc.getDeclaredField("MDC_ADAPTER");
      adapter.setAccessible(true);
      assertThat(adapter.get(null)).as("the MDC binds its adapter lazily").isNull();
      thread.setContextClassLoader(fresh);

      new LoggingContextListener(
              "userId", "sessionId", type -> !type.getName().equals("org.slf4j.LoggerFactory"))
          .onStart(span);

      assertThat(adapter.get(null)).isNull();
    } finally {
      thread.setContextClassLoader(previous);
    }
    assertThat(span.attributeCount()).isZero();
  }

  @Test
  void mdcOfNamedModuleIsRead() throws Exception {
    SpanData span = span();
    Path[] jars = {
      codeSource(MDC.class), codeSource(LoggerContext.class), codeSource(Context.class)
    };
    ModuleLayer boot = ModuleLayer.boot();
    Configuration configuration =
        boot.configuration()
            .resolve(
                ModuleFinder.of(jars),
                ModuleFinder.of(),
                Set.of("org.slf4j", "ch.qos.logback.classic"));
    ModuleLayer.Controller controller =
        ModuleLayer.defineModulesWithOneLoader(
            configuration, List.of(boot), ClassLoader.getPlatformClassLoader());
    ModuleLayer layer = controller.layer();
    ClassLoader slf4jLoader = layer.findLoader("org.slf4j");
    Class<?> namedMdc = Class.forName("org.slf4j.MDC", true, slf4jLoader);
    namedMdc.getMethod("put", String.class, String.class).invoke(null, "userId", "module-user");
    Module slf4j = layer.findModule("org.slf4j").orElseThrow();
    List<String> opened = new ArrayList<>();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try {
      thread.setContextClassLoader(slf4jLoader);

      new LoggingContextListener(
              "userId",
              "sessionId",
              type -> true,
              type -> {
                opened.add(type.getName());
                controller.addOpens(
                    type.getModule(),
                    type.getPackageName(),
                    LoggingContextListener.class.getModule());
              })
          .onStart(span);
    } finally {
      thread.setContextClassLoader(previous);
      namedMdc.getMethod("clear").invoke(null);
    }

    assertThat(namedMdc.getModule()).isSameAs(slf4j);
    assertThat(opened).containsExactly("org.slf4j.MDC");
    assertThat(span.attribute(LangfuseAttributes.USER_ID)).isEqualTo("module-user");
  }

  @Test
  void initializedAnswerIsKept() {
    MDC.put("userId", "user-42");
    List<String> checked = new ArrayList<>();
    LoggingContextListener kept =
        new LoggingContextListener(
            "userId",
            "sessionId",
            type -> {
              checked.add(type.getName());
              return true;
            });

    kept.onStart(span());
    kept.onStart(span());
    SpanData third = span();
    kept.onStart(third);

    assertThat(third.attribute(LangfuseAttributes.USER_ID)).isEqualTo("user-42");
    // The MDC's adapter is bound, so SLF4J's LoggerFactory is not checked.
    assertThat(checked).containsExactly("org.slf4j.MDC", "org.apache.logging.log4j.ThreadContext");
  }

  @Test
  void loaderWithoutLoggingSetsNothing() throws Exception {
    MDC.put("userId", "invisible-user");
    SpanData span = span();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    // A loader whose parent is the bootstrap loader can load neither SLF4J nor Log4j.
    try (URLClassLoader isolated = new URLClassLoader(new URL[0], null)) {
      thread.setContextClassLoader(isolated);
      listener.onStart(span);
    } finally {
      thread.setContextClassLoader(previous);
    }

    assertThat(span.attributeCount()).isZero();
  }

  private static Path codeSource(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static SpanData span() {
    return SpanData.forTest(
        "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", null, "chat", 1);
  }
}
