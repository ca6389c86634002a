package com.langfuse.agent.advice;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.advice.lambda.AwsLambdaModules;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

/**
 * Checks that each module's selectors, which the agent uses at start-up, agree with its type
 * instrumentations, which it builds later. A type whose selector were missing would never reach
 * Byte Buddy and would stay untraced.
 */
class ModuleSelectorsTest {

  @Test
  void selectorsMatchTypeInstrumentations() {
    for (InstrumentationModule module : modulesWithTypes()) {
      List<TypeSelector> fromTypes = new ArrayList<>();
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        fromTypes.add(type.selector());
      }

      assertThat(module.typeSelectors()).as(module.name()).containsExactlyElementsOf(fromTypes);
    }
  }

  @Test
  void everyModuleSelectsSomething() {
    for (InstrumentationModule module : modulesWithTypes()) {
      if (!module.name().equals("methods")) {
        assertThat(module.typeSelectors()).as(module.name()).isNotEmpty();
      }
    }
  }

  @Test
  void namedMatcherMatchesSelectedName() {
    for (InstrumentationModule module : modulesWithTypes()) {
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        String name = type.selector().exactName();
        if (name == null) {
          continue;
        }
        TypeDescription description = new TypeDescription.Latent(name.replace('/', '.'), 0, null);

        assertThat(type.typeMatcher().matches(description)).as(name).isTrue();
      }
    }
  }

  @Test
  void prefixMatcherRejectsOtherNames() {
    TypeInstrumentation type =
        new TypeInstrumentation(
            TypeSelector.nameStartsWith("org.example.").endingWith("Model"),
            net.bytebuddy.matcher.ElementMatchers.any());

    assertThat(type.typeMatcher().matches(latent("org.example.ChatModel"))).isTrue();
    assertThat(type.typeMatcher().matches(latent("org.example.Chat"))).isFalse();
    assertThat(type.typeMatcher().matches(latent("com.example.ChatModel"))).isFalse();
  }

  private static TypeDescription latent(String name) {
    return new TypeDescription.Latent(name, 0, null);
  }

  /** Returns every shipped module, with the Lambda module as it is on Lambda. */
  private static List<InstrumentationModule> modulesWithTypes() {
    List<InstrumentationModule> modules = new ArrayList<>();
    for (InstrumentationModule module : InstrumentationModules.all()) {
      if (module.name().equals("aws-lambda")) {
        modules.add(AwsLambdaModules.onLambda());
      } else {
        modules.add(module);
      }
    }
    return modules;
  }
}
