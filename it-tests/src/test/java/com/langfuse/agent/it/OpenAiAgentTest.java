package com.langfuse.agent.it;

import com.langfuse.agent.it.support.ChildJvm;

/** The OpenAI scenarios on the test's own Java version and the build's openai-java, 4.105.0. */
class OpenAiAgentTest extends OpenAiScenarioSuite {

  @Override
  ChildJvm childJvm() {
    return new ChildJvm();
  }
}
