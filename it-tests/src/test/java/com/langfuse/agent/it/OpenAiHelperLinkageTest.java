package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.it.support.SdkReferences;
import com.langfuse.agent.it.support.SdkVersions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checks the OpenAI helpers in the packaged agent against whole SDK versions, including code
 * paths that no scenario reaches. Every SDK type, method and field they refer to must exist in
 * 4.0.0, the oldest supported version, and in 4.105.0, the build's version. On 2.0.0 the types
 * that the handler's version check looks for must be among the missing ones, or that check would
 * let 2.0.0 through.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiHelperLinkageTest {

  private static final String HELPERS = "inst/com/langfuse/agent/instrumentation/openai/";

  private SdkReferences references;

  @BeforeAll
  void readHelpers() throws Exception {
    references = SdkReferences.read(ChildJvm.agentJar().toFile(), HELPERS, "com/openai/");
  }

  @Test
  void helpersReferToSdk() {
    assertThat(references.size()).isGreaterThan(100);
  }

  @Test
  void helpersLinkOnBuildVersion() throws Exception {
    String testClassPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    assertThat(references.unresolved(testClassPath)).isEmpty();
  }

  @Test
  void helpersLinkOnOldestVersion() throws Exception {
    assertThat(references.unresolved(SdkVersions.openAiLibrary("4.0.0"))).isEmpty();
  }

  @Test
  void versionCheckTypesMissingFrom2() throws Exception {
    List<String> missing = references.unresolved(SdkVersions.openAiLibrary("2.0.0"));
    assertThat(missing)
        .anyMatch(line -> line.endsWith("-> com.openai.models.embeddings.EmbeddingValue"));
    assertThat(missing)
        .anyMatch(
            line ->
                line.endsWith(
                    "-> com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall"));
    assertThat(missing)
        .anyMatch(
            line ->
                line.endsWith(
                    "-> com.openai.models.responses.ResponseInputItem$FunctionCallOutput$Output"));
  }
}
