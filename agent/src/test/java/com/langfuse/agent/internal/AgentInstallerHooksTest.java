package com.langfuse.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.advice.InstrumentationModule;
import com.langfuse.agent.advice.MethodHook;
import com.langfuse.agent.advice.TypeInstrumentation;
import com.langfuse.agent.advice.TypeSelector;
import com.langfuse.agent.advice.executor.ExecutorInstrumentationModule;
import com.langfuse.agent.advice.springai.SpringAiInstrumentationModule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentInstallerHooksTest {

  private final InstrumentationModule executors = new ExecutorInstrumentationModule();

  @Test
  void hooksKeptWithoutOtherSelector() {
    TypeSelector app = TypeSelector.named("com.example.App");
    TypeSelector handler = TypeSelector.mentioning("com/example/Context");
    Map<InstrumentationModule, List<TypeSelector>> selectors = new LinkedHashMap<>();
    selectors.put(executors, executors.typeSelectors());
    selectors.put(new SelectingModule(app), List.of(app));
    selectors.put(new SelectingModule(handler), List.of(handler));

    List<MethodHook> hooks = AgentInstaller.hooks(selectors);

    assertThat(hooks).hasSameSizeAs(executors.methodHooks());
  }

  @Test
  void classSelectedElsewhereLeftToByteBuddy() {
    TypeSelector threadPool = TypeSelector.named("java.util.concurrent.ThreadPoolExecutor");
    Map<InstrumentationModule, List<TypeSelector>> selectors = new LinkedHashMap<>();
    selectors.put(executors, executors.typeSelectors());
    selectors.put(new SelectingModule(threadPool), List.of(threadPool));

    List<MethodHook> hooks = AgentInstaller.hooks(selectors);

    assertThat(hooks).isNotEmpty();
    assertThat(hooks)
        .noneMatch(hook -> hook.className().equals("java/util/concurrent/ThreadPoolExecutor"));
    assertThat(hooks)
        .anyMatch(hook -> hook.className().equals("java/util/concurrent/ForkJoinPool"));
  }

  @Test
  void patternClassSelectedElsewhereYields() {
    InstrumentationModule springAi = new SpringAiInstrumentationModule();
    TypeSelector openAiModel = TypeSelector.named("org.springframework.ai.openai.OpenAiChatModel");
    Map<InstrumentationModule, List<TypeSelector>> selectors = new LinkedHashMap<>();
    selectors.put(springAi, springAi.typeSelectors());
    selectors.put(new SelectingModule(openAiModel), List.of(openAiModel));

    HookWeaver weaver = AgentInstaller.weaver(selectors);

    assertThat(weaver.covers("org/springframework/ai/openai/OpenAiChatModel")).isFalse();
    assertThat(weaver.covers("org/springframework/ai/anthropic/AnthropicChatModel")).isTrue();
    assertThat(weaver.covers("org/springframework/ai/tool/method/MethodToolCallback")).isTrue();
  }

  /** A module that only selects, as the methods module does for the classes it is given. */
  private static final class SelectingModule implements InstrumentationModule {
    private final TypeSelector selector;

    SelectingModule(TypeSelector selector) {
      this.selector = selector;
    }

    @Override
    public String name() {
      return "selecting";
    }

    @Override
    public List<TypeSelector> typeSelectors() {
      return List.of(selector);
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
      return List.of();
    }
  }
}
