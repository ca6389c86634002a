package com.langfuse.agent.it;

import com.langfuse.agent.it.support.ChildJvm;

/** The OpenAI scenarios on Java 25, skipped where Temurin 25 is not installed. */
class OpenAiJava25Test extends OpenAiScenarioSuite {

  @Override
  ChildJvm childJvm() {
    return ChildJvm.onJava25();
  }
}
