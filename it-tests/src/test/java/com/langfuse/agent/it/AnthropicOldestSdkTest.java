package com.langfuse.agent.it;

import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.it.support.SdkVersions;
import java.io.IOException;

/**
 * The Anthropic scenarios on anthropic-java 3.5.0, the oldest release the module is tested on.
 * The application compiled against the build's newer 3.x runs on 3.5.0 unchanged, because every
 * SDK method it calls already exists there.
 */
class AnthropicOldestSdkTest extends AnthropicAgentTest {

  @Override
  ChildJvm newChildJvm() throws IOException {
    return new ChildJvm().classPath(SdkVersions.withModule("anthropic-3.5.0"));
  }
}
