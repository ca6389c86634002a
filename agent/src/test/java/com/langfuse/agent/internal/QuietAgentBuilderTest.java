package com.langfuse.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import org.junit.jupiter.api.Test;

/**
 * The agent builder starts without Byte Buddy's self-injection strategy, whose set-up makes Java 24
 * and later print warnings about {@code sun.misc.Unsafe}. This fails when a Byte Buddy upgrade
 * changes the protected constructor, so that the public one is used again.
 */
class QuietAgentBuilderTest {

  @Test
  void builderStartsWithoutSelfInjection() throws Exception {
    AgentBuilder builder = AdviceTransformers.quietDefault(new ByteBuddy());

    Field strategy = AgentBuilder.Default.class.getDeclaredField("initializationStrategy");
    strategy.setAccessible(true);
    assertThat(builder).isExactlyInstanceOf(AgentBuilder.Default.class);
    assertThat(strategy.get(builder)).isSameAs(AgentBuilder.InitializationStrategy.NoOp.INSTANCE);
  }
}
