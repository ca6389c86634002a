package com.langfuse.agent.it;

import com.langfuse.agent.it.support.ChildJvm;

/** The Bedrock scenarios on Java 25, skipped where Temurin 25 is not installed. */
class BedrockJava25Test extends BedrockScenarioSuite {

  @Override
  ChildJvm childJvm() {
    return ChildJvm.onJava25();
  }

  @Override
  boolean sdkReadsCacheUsage() {
    return true;
  }
}
