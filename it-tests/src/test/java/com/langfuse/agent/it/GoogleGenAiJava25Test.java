package com.langfuse.agent.it;

import com.langfuse.agent.it.support.ChildJvm;

/** The Google Gen AI scenarios on Java 25, skipped where Temurin 25 is not installed. */
class GoogleGenAiJava25Test extends GoogleGenAiScenarioSuite {

  @Override
  ChildJvm childJvm() {
    return ChildJvm.onJava25();
  }
}
