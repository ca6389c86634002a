package com.langfuse.agent.advice;

import com.langfuse.agent.advice.anthropic.AnthropicInstrumentationModule;
import com.langfuse.agent.advice.executor.ExecutorInstrumentationModule;
import com.langfuse.agent.advice.googlegenai.GoogleGenAiInstrumentationModule;
import com.langfuse.agent.advice.lambda.AwsLambdaInstrumentationModule;
import com.langfuse.agent.advice.langchain4j.LangChain4jInstrumentationModule;
import com.langfuse.agent.advice.methods.MethodsInstrumentationModule;
import com.langfuse.agent.advice.openai.OpenAiInstrumentationModule;
import com.langfuse.agent.advice.process.ProcessInstrumentationModule;
import com.langfuse.agent.advice.servlet.ServletInstrumentationModule;
import java.util.List;

/** Every instrumentation module the agent ships, in the order they are installed. */
public final class InstrumentationModules {

  private InstrumentationModules() {}

  public static List<InstrumentationModule> all() {
    return List.of(
        new OpenAiInstrumentationModule(),
        new AnthropicInstrumentationModule(),
        new LangChain4jInstrumentationModule(),
        new GoogleGenAiInstrumentationModule(),
        new ProcessInstrumentationModule(),
        new ServletInstrumentationModule(),
        new ExecutorInstrumentationModule(),
        new MethodsInstrumentationModule(),
        new AwsLambdaInstrumentationModule());
  }
}
