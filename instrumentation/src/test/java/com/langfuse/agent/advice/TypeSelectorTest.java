package com.langfuse.agent.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TypeSelectorTest {

  private static final ClassLoader APP_LOADER = TypeSelectorTest.class.getClassLoader();
  private static final byte[] PLAIN = bytes("ordinary class file");

  @Test
  void namedSelectsExactNameOnly() {
    TypeSelector selector = TypeSelector.named("com.example.Outer$Inner");

    assertThat(selector.selects("com/example/Outer$Inner", APP_LOADER, PLAIN)).isTrue();
    assertThat(selector.selects("com/example/Outer", APP_LOADER, PLAIN)).isFalse();
    assertThat(selector.selects("com/example/Outer$Inner2", APP_LOADER, PLAIN)).isFalse();
    assertThat(selector.selects("java/lang/ProcessBuilder", null, PLAIN)).isFalse();
  }

  @Test
  void namedSelectsBootstrapClasses() {
    TypeSelector selector = TypeSelector.named("java.lang.ProcessBuilder");

    assertThat(selector.selects("java/lang/ProcessBuilder", null, PLAIN)).isTrue();
    assertThat(selector.mayMatchName("java/lang/ProcessBuilder", true)).isTrue();
  }

  @Test
  void prefixWithSuffixSelectsBoth() {
    TypeSelector selector =
        TypeSelector.nameStartsWith("org.springframework.ai.").endingWith("ChatModel");

    assertThat(selector.selects("org/springframework/ai/openai/OpenAiChatModel", APP_LOADER, PLAIN))
        .isTrue();
    assertThat(selector.selects("org/springframework/ai/openai/OpenAiApi", APP_LOADER, PLAIN))
        .isFalse();
    assertThat(selector.selects("com/example/MyChatModel", APP_LOADER, PLAIN)).isFalse();
  }

  @Test
  void prefixWithMentionNeedsBoth() {
    TypeSelector selector =
        TypeSelector.nameStartsWith("dev.langchain4j.model.").alsoMentioning("embedAll");
    byte[] embedding = bytes("...embedAll...(Ljava/util/List;)...");

    assertThat(
            selector.selects(
                "dev/langchain4j/model/openai/OpenAiEmbeddingModel", APP_LOADER, embedding))
        .isTrue();
    assertThat(selector.selects("dev/langchain4j/model/openai/OpenAiChatModel", APP_LOADER, PLAIN))
        .isFalse();
    assertThat(selector.selects("com/example/EmbeddingModel", APP_LOADER, embedding)).isFalse();
    assertThat(selector.mayMatchName("dev/langchain4j/model/openai/OpenAiChatModel", false))
        .isTrue();
  }

  @Test
  void mentionSelectsApplicationClassesOnly() {
    TypeSelector selector =
        TypeSelector.mentioning("com/amazonaws/services/lambda/runtime/Context");
    byte[] handler =
        bytes(
            "(Ljava/lang/String;Lcom/amazonaws/services/lambda/runtime/Context;)Ljava/lang/String;");

    assertThat(selector.selects("com/example/Handler", APP_LOADER, handler)).isTrue();
    assertThat(selector.selects("com/example/Handler", APP_LOADER, PLAIN)).isFalse();
    assertThat(selector.selects("com/example/Handler", APP_LOADER, null)).isFalse();
    assertThat(selector.selects("com/example/Handler", null, handler)).isFalse();
    assertThat(selector.selects("javax/example/Handler", APP_LOADER, handler)).isFalse();
    assertThat(selector.selects("com/sun/example/Handler", APP_LOADER, handler)).isFalse();
  }

  @Test
  void mentionFoundAtEitherEnd() {
    byte[] needle = bytes("Context");

    assertThat(TypeSelector.contains(bytes("Context"), needle)).isTrue();
    assertThat(TypeSelector.contains(bytes("Context and more"), needle)).isTrue();
    assertThat(TypeSelector.contains(bytes("more and Context"), needle)).isTrue();
    assertThat(TypeSelector.contains(bytes("more and Contex"), needle)).isFalse();
    assertThat(TypeSelector.contains(bytes("Conte"), needle)).isFalse();
    assertThat(TypeSelector.contains(bytes("CoContext"), needle)).isTrue();
  }

  @Test
  void equalSelectorsCompareEqual() {
    assertThat(TypeSelector.named("a.B")).isEqualTo(TypeSelector.named("a.B"));
    assertThat(TypeSelector.mentioning("x")).isEqualTo(TypeSelector.mentioning("x"));
    assertThat(TypeSelector.nameStartsWith("a.").endingWith("B"))
        .isEqualTo(TypeSelector.nameStartsWith("a.").endingWith("B"));
    assertThat(TypeSelector.named("a.B")).isNotEqualTo(TypeSelector.nameStartsWith("a.B"));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
