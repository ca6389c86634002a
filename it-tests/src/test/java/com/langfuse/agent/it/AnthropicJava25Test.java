package com.langfuse.agent.it;

import com.langfuse.agent.it.support.ChildJvm;

/** The Anthropic scenarios on Java 25, skipped where Temurin 25 is not installed. */
class AnthropicJava25Test extends AnthropicAgentTest {

  @Override
  ChildJvm newChildJvm() {
    return ChildJvm.onJava25();
  }
}
