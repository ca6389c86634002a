package com.langfuse.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.advice.TypeSelector;
import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SelectingTransformerTest {

  private static final byte[] CLASS_FILE =
      "not parsed by these tests".getBytes(StandardCharsets.UTF_8);
  private static final byte[] TRANSFORMED = {1, 2, 3};
  private static final ClassLoader APP_LOADER = SelectingTransformerTest.class.getClassLoader();

  private final AtomicInteger builds = new AtomicInteger();
  private final List<String> delegated = new ArrayList<>();

  @Test
  void unselectedClassesBuildNothing() {
    SelectingTransformer transformer = transformer(() -> recordingDelegate());

    byte[] result = load(transformer, "com/example/App");

    assertThat(result).isNull();
    assertThat(builds).hasValue(0);
    assertThat(transformer.isBuilt()).isFalse();
  }

  @Test
  void firstSelectedClassBuildsOnce() {
    SelectingTransformer transformer = transformer(() -> recordingDelegate());

    byte[] first = load(transformer, "com/openai/services/ChatService");
    byte[] second = load(transformer, "com/example/Other");
    byte[] third = load(transformer, "com/openai/services/ChatService");

    assertThat(first).isEqualTo(TRANSFORMED);
    assertThat(second).isNull();
    assertThat(third).isEqualTo(TRANSFORMED);
    assertThat(builds).hasValue(1);
    assertThat(delegated)
        .containsExactly("com/openai/services/ChatService", "com/openai/services/ChatService");
  }

  @Test
  void prefixAndMentionSelectorsApply() {
    SelectingTransformer transformer = transformer(() -> recordingDelegate());
    byte[] mentioning = "...Lcom/example/Context;...".getBytes(StandardCharsets.UTF_8);

    assertThat(
            transformer.selects(
                "org/springframework/ai/openai/OpenAiChatModel", APP_LOADER, CLASS_FILE))
        .isTrue();
    assertThat(
            transformer.selects("org/springframework/ai/openai/OpenAiApi", APP_LOADER, CLASS_FILE))
        .isFalse();
    assertThat(transformer.selects("com/example/Handler", APP_LOADER, mentioning)).isTrue();
    assertThat(transformer.selects("com/example/Handler", APP_LOADER, CLASS_FILE)).isFalse();
    assertThat(transformer.selects("java/util/Handler", null, mentioning)).isFalse();
  }

  @Test
  void loadedClassesJudgedByName() {
    SelectingTransformer transformer = transformer(() -> recordingDelegate());

    assertThat(transformer.mayBeSelected(Thread.class)).isTrue();
    assertThat(transformer.mayBeSelected(String.class)).isFalse();
    // An application class may mention the type: only its class file could tell.
    assertThat(transformer.mayBeSelected(org.junit.jupiter.api.Test.class)).isTrue();
  }

  @Test
  void agentClassesNeverSelected() {
    SelectingTransformer transformer = transformer(() -> recordingDelegate());
    byte[] mentioning = "...Lcom/example/Context;...".getBytes(StandardCharsets.UTF_8);

    assertThat(transformer.selects("com/langfuse/agent/Some", APP_LOADER, mentioning)).isFalse();
    assertThat(transformer.mayBeSelected(SelectingTransformer.class)).isFalse();
  }

  @Test
  void definedClassChangedOnce() {
    SelectingTransformer transformer = transformer(() -> recordingDelegate());
    transformer.definesHooked();
    String name = "com/openai/services/ChatService";

    byte[] defined = transformer.defining(APP_LOADER, name, null, CLASS_FILE);
    // Registered for a retransformation: the class's bytes contain the change already.
    byte[] retransformed =
        transformer.transform(null, APP_LOADER, name, String.class, null, CLASS_FILE);
    // The JVM's own call for the same definition, while both paths are open.
    byte[] loadedMeanwhile = load(transformer, name);

    assertThat(defined).isEqualTo(TRANSFORMED);
    assertThat(retransformed).isNull();
    assertThat(loadedMeanwhile).isNull();
    assertThat(delegated).containsExactly(name);
  }

  @Test
  void classMissedByDefiningReachesTheJvmCall() {
    SelectingTransformer transformer = transformer(() -> recordingDelegate());
    transformer.definesHooked();

    // Defined just before the listener was set, or just after it was cleared for an attaching
    // agent: only the JVM's call receives it.
    byte[] loaded = load(transformer, "com/openai/services/ChatService");

    assertThat(loaded).isEqualTo(TRANSFORMED);
  }

  @Test
  void bootstrapClassesStillUseJvm() {
    SelectingTransformer transformer = transformer(() -> recordingDelegate());
    transformer.definesHooked();

    byte[] bootstrap =
        transformer.transform(null, null, "java/lang/Thread", null, null, CLASS_FILE);
    byte[] notChangedAtDefine =
        transformer.transform(
            null, APP_LOADER, "com/openai/services/ChatService", String.class, null, CLASS_FILE);

    assertThat(bootstrap).isEqualTo(TRANSFORMED);
    assertThat(notChangedAtDefine).isEqualTo(TRANSFORMED);
  }

  @Test
  void mayChangeJudgesByNameAlone() {
    SelectingTransformer transformer = transformer(() -> recordingDelegate());

    assertThat(transformer.mayChange(APP_LOADER, "com/openai/services/ChatService")).isTrue();
    assertThat(transformer.mayChange(APP_LOADER, "com/example/Anything")).isTrue();
    assertThat(transformer.mayChange(APP_LOADER, "java/util/Other")).isFalse();
    assertThat(transformer.mayChange(null, "com/example/Anything")).isFalse();
    assertThat(transformer.defining(APP_LOADER, "com/example/Anything", null, CLASS_FILE)).isNull();
    assertThat(builds).hasValue(0);
  }

  @Test
  void failedBuildLeavesClassesUnchanged() {
    SelectingTransformer transformer =
        transformer(
            () -> {
              throw new IllegalStateException("no Byte Buddy here");
            });

    byte[] first = load(transformer, "com/openai/services/ChatService");
    byte[] second = load(transformer, "com/openai/services/ChatService");

    assertThat(first).isNull();
    assertThat(second).isNull();
    assertThat(builds).hasValue(1);
    assertThat(transformer.isBuilt()).isFalse();
  }

  @Test
  void selectedClassDuringBuildIsSkipped() {
    List<byte[]> nested = new ArrayList<>();
    SelectingTransformer[] holder = new SelectingTransformer[1];
    holder[0] =
        transformer(
            () -> {
              // The build loads a selected class on the same thread, as Byte Buddy might.
              nested.add(load(holder[0], "java/lang/Thread"));
              return recordingDelegate();
            });

    byte[] outer = load(holder[0], "com/openai/services/ChatService");

    assertThat(nested).hasSize(1);
    assertThat(nested.get(0)).isNull();
    assertThat(outer).isEqualTo(TRANSFORMED);
    assertThat(builds).hasValue(1);
  }

  @Test
  void otherThreadWaitsForBuild() throws Exception {
    CountDownLatch building = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    SelectingTransformer transformer =
        transformer(
            () -> {
              building.countDown();
              await(release);
              return recordingDelegate();
            });
    byte[][] results = new byte[2][];
    Thread first = new Thread(() -> results[0] = load(transformer, "java/lang/Thread"));
    first.start();
    assertThat(building.await(10, TimeUnit.SECONDS)).isTrue();
    Thread second =
        new Thread(() -> results[1] = load(transformer, "com/openai/services/ChatService"));
    second.start();

    release.countDown();
    first.join(10_000);
    second.join(10_000);

    assertThat(results[0]).isEqualTo(TRANSFORMED);
    assertThat(results[1]).isEqualTo(TRANSFORMED);
    assertThat(builds).hasValue(1);
  }

  private SelectingTransformer transformer(Factory factory) {
    List<TypeSelector> selectors =
        List.of(
            TypeSelector.named("com.openai.services.ChatService"),
            TypeSelector.named("java.lang.Thread"),
            TypeSelector.nameStartsWith("org.springframework.ai.").endingWith("ChatModel"),
            TypeSelector.mentioning("com/example/Context"));
    return new SelectingTransformer(
        selectors,
        new HookWeaver(List.of()),
        () -> {
          builds.incrementAndGet();
          return factory.build();
        },
        null,
        Object.class.getModule());
  }

  private static byte[] load(SelectingTransformer transformer, String internalName) {
    return transformer.transform(
        null, APP_LOADER, internalName, null, (ProtectionDomain) null, CLASS_FILE);
  }

  private ClassFileTransformer recordingDelegate() {
    return new ClassFileTransformer() {
      @Override
      public byte[] transform(
          Module module,
          ClassLoader loader,
          String className,
          Class<?> classBeingRedefined,
          ProtectionDomain protectionDomain,
          byte[] classfileBuffer) {
        synchronized (delegated) {
          delegated.add(className);
        }
        return TRANSFORMED;
      }
    };
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Builds the delegate; may throw, as Byte Buddy's build might. */
  private interface Factory {
    ClassFileTransformer build();
  }
}
