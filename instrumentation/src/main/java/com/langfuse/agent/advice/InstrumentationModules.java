package com.langfuse.agent.advice;

import com.langfuse.agent.advice.anthropic.AnthropicInstrumentationModule;
import com.langfuse.agent.advice.bedrock.BedrockInstrumentationModule;
import com.langfuse.agent.advice.executor.ExecutorInstrumentationModule;
import com.langfuse.agent.advice.googlegenai.GoogleGenAiInstrumentationModule;
import com.langfuse.agent.advice.lambda.AwsLambdaInstrumentationModule;
import com.langfuse.agent.advice.langchain4j.LangChain4jInstrumentationModule;
import com.langfuse.agent.advice.methods.MethodsInstrumentationModule;
import com.langfuse.agent.advice.openai.OpenAiInstrumentationModule;
import com.langfuse.agent.advice.process.ProcessInstrumentationModule;
import com.langfuse.agent.advice.reactor.ReactorInstrumentationModule;
import com.langfuse.agent.advice.servlet.ServletInstrumentationModule;
import com.langfuse.agent.advice.springai.SpringAiInstrumentationModule;
import com.langfuse.agent.advice.webflux.WebFluxInstrumentationModule;
import java.util.List;

/** Every instrumentation module the agent ships, in the order they are installed. */
public final class InstrumentationModules {

  private InstrumentationModules() {}

  public static List<InstrumentationModule> all() {
    return List.of(
        new OpenAiInstrumentationModule(),
        new AnthropicInstrumentationModule(),
        new BedrockInstrumentationModule(),
        new LangChain4jInstrumentationModule(),
        new GoogleGenAiInstrumentationModule(),
        new SpringAiInstrumentationModule(),
        new ProcessInstrumentationModule(),
        new ServletInstrumentationModule(),
        new WebFluxInstrumentationModule(),
        new ReactorInstrumentationModule(),
        new ExecutorInstrumentationModule(),
        new MethodsInstrumentationModule(),
        new AwsLambdaInstrumentationModule());
  }
}
