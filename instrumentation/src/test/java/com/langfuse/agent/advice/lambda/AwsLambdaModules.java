package com.langfuse.agent.advice.lambda;

import com.langfuse.agent.advice.InstrumentationModule;

/** Gives tests in other packages the Lambda module as it is on Lambda. */
public final class AwsLambdaModules {

  private AwsLambdaModules() {}

  public static InstrumentationModule onLambda() {
    return new AwsLambdaInstrumentationModule(true);
  }
}
