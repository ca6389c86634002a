package com.example.springai;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot 3.5 application on Spring AI 1.1 that knows nothing of the agent. It runs the
 * scenarios named by its arguments against the models Spring AI's starters configure and prints
 * what each returned, so a run with the agent can be compared with a run without it.
 */
@SpringBootApplication
public class SpringAiScenarioApp {

  public static void main(String[] args) {
    // The SDKs' HTTP clients keep non-daemon threads alive for a while after the last call.
    System.exit(SpringApplication.exit(SpringApplication.run(SpringAiScenarioApp.class, args)));
  }

  @Bean
  CommandLineRunner runScenarios(ScenarioRunner runner) {
    return args -> {
      for (String scenario : args) {
        System.out.println("== " + scenario);
        try {
          System.out.println(runner.run(scenario));
        } catch (RuntimeException e) {
          System.out.println("threw " + e.getClass().getName());
        }
      }
    };
  }
}
