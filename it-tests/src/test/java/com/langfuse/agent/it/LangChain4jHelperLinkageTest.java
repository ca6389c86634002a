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
 * Checks the LangChain4j helpers in the packaged agent against LangChain4j 1.19.0 and 1.0.0,
 * including code that the scenario tests do not run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LangChain4jHelperLinkageTest {

  private static final String HELPERS = "inst/com/langfuse/agent/instrumentation/langchain4j/";

  private SdkReferences references;

  @BeforeAll
  void readHelpers() throws Exception {
    references = SdkReferences.read(ChildJvm.agentJar().toFile(), HELPERS, "dev/langchain4j/");
  }

  @Test
  void helpersReferToLangChain4j() {
    assertThat(references.size()).isGreaterThan(50);
  }

  @Test
  void helpersLinkOnBuildVersion() throws Exception {
    String testClassPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    assertThat(references.unresolved(testClassPath)).isEmpty();
  }

  /**
   * On 1.0.0 the helpers may miss only what they never reach there: the embedding request types
   * that {@code EmbeddingRequests} alone reads, {@code EmbeddingModel} methods that {@code
   * EmbeddingCall} calls inside a catch, and the tool result type that {@code ToolCall} checks for
   * after the String result of 1.0.0.
   */
  @Test
  void oldestVersionLacksOnlyGuardedMembers() throws Exception {
    List<String> missing = references.unresolved(SdkVersions.withModule("langchain4j-1.0.0"));
    String helpers = "com.langfuse.agent.instrumentation.langchain4j.";
    List<String> allowed =
        List.of(
            helpers + "EmbeddingRequests -> ",
            helpers + "EmbeddingCall -> dev.langchain4j.model.embedding.EmbeddingModel.modelName()",
            helpers + "EmbeddingCall -> dev.langchain4j.model.embedding.EmbeddingModel.provider()",
            helpers + "ToolCall -> dev.langchain4j.service.tool.ToolExecutionResult");
    assertThat(missing)
        .allSatisfy(line -> assertThat(allowed).anyMatch(line::startsWith));
  }
}
