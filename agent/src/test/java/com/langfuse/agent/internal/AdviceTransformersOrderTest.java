package com.langfuse.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.advice.InstrumentationModule;
import com.langfuse.agent.advice.InstrumentationModules;
import com.langfuse.agent.advice.methods.MethodsInstrumentationModule;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdviceTransformersOrderTest {

  @Test
  void methodsModuleAdvisedFirst() {
    List<InstrumentationModule> modules = InstrumentationModules.all();

    List<InstrumentationModule> ordered = AdviceTransformers.outermostFirst(modules);

    assertThat(ordered.get(0)).isInstanceOf(MethodsInstrumentationModule.class);
    assertThat(ordered).containsExactlyInAnyOrderElementsOf(modules);
    assertThat(ordered.subList(1, ordered.size()))
        .containsExactlyElementsOf(
            modules.stream()
                .filter(module -> !(module instanceof MethodsInstrumentationModule))
                .toList());
  }
}
