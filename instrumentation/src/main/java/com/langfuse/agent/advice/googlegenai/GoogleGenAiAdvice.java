package com.langfuse.agent.advice.googlegenai;

import com.langfuse.agent.bootstrap.bridge.Bridge;
import com.langfuse.agent.instrumentation.googlegenai.GoogleGenAiOperations;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for the request methods of {@code Models} and {@code AsyncModels} and for {@code
 * ResponseStream}. One nested class per method form.
 *
 * <p>Byte Buddy inlines these methods into the SDK classes, so they call only the bootstrap {@link
 * Bridge}. The handler name and the operation codes are compile-time constants, which javac copies
 * into the advice, so the classes that declare them are never loaded from it.
 */
public final class GoogleGenAiAdvice {

  private GoogleGenAiAdvice() {}

  /** Traces {@code Models.privateGenerateContent}. */
  public static final class Generate {

    private Generate() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.This Object models, @Advice.AllArguments Object[] arguments) {
      return Bridge.enter(
          GoogleGenAiInstrumentationModule.HANDLER,
          GoogleGenAiOperations.GENERATE,
          models,
          arguments);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, GoogleGenAiOperations.GENERATE, returned, thrown);
    }
  }

  /** Traces {@code Models.privateGenerateContentStream}. */
  public static final class GenerateStream {

    private GenerateStream() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.This Object models, @Advice.AllArguments Object[] arguments) {
      return Bridge.enter(
          GoogleGenAiInstrumentationModule.HANDLER,
          GoogleGenAiOperations.GENERATE_STREAM,
          models,
          arguments);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, GoogleGenAiOperations.GENERATE_STREAM, returned, thrown);
    }
  }

  /** Traces {@code AsyncModels.privateGenerateContent}. */
  public static final class AsyncGenerate {

    private AsyncGenerate() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.This Object models, @Advice.AllArguments Object[] arguments) {
      return Bridge.enter(
          GoogleGenAiInstrumentationModule.HANDLER,
          GoogleGenAiOperations.ASYNC_GENERATE,
          models,
          arguments);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, GoogleGenAiOperations.ASYNC_GENERATE, returned, thrown);
    }
  }

  /** Traces {@code AsyncModels.privateGenerateContentStream}. */
  public static final class AsyncGenerateStream {

    private AsyncGenerateStream() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.This Object models, @Advice.AllArguments Object[] arguments) {
      return Bridge.enter(
          GoogleGenAiInstrumentationModule.HANDLER,
          GoogleGenAiOperations.ASYNC_GENERATE_STREAM,
          models,
          arguments);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, GoogleGenAiOperations.ASYNC_GENERATE_STREAM, returned, thrown);
    }
  }

  /** Traces {@code Models.privateEmbedContent}. */
  public static final class Embed {

    private Embed() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.This Object models, @Advice.AllArguments Object[] arguments) {
      return Bridge.enter(
          GoogleGenAiInstrumentationModule.HANDLER, GoogleGenAiOperations.EMBED, models, arguments);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, GoogleGenAiOperations.EMBED, returned, thrown);
    }
  }

  /** Traces {@code AsyncModels.privateEmbedContent}. */
  public static final class AsyncEmbed {

    private AsyncEmbed() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.This Object models, @Advice.AllArguments Object[] arguments) {
      return Bridge.enter(
          GoogleGenAiInstrumentationModule.HANDLER,
          GoogleGenAiOperations.ASYNC_EMBED,
          models,
          arguments);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, GoogleGenAiOperations.ASYNC_EMBED, returned, thrown);
    }
  }

  /** Observes {@code ResponseStream.iterator()}. */
  public static final class StreamIterator {

    private StreamIterator() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object stream) {
      return Bridge.enter(
          GoogleGenAiInstrumentationModule.HANDLER,
          GoogleGenAiOperations.STREAM_ITERATOR,
          stream,
          null);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, GoogleGenAiOperations.STREAM_ITERATOR, returned, thrown);
    }
  }

  /** Observes {@code ResponseStream.close()}. */
  public static final class StreamClose {

    private StreamClose() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object stream) {
      return Bridge.enter(
          GoogleGenAiInstrumentationModule.HANDLER,
          GoogleGenAiOperations.STREAM_CLOSE,
          stream,
          null);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.Enter Object state, @Advice.Thrown Throwable thrown) {
      Bridge.exit(state, GoogleGenAiOperations.STREAM_CLOSE, null, thrown);
    }
  }
}
