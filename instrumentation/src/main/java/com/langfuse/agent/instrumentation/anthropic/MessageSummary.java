package com.langfuse.agent.instrumentation.anthropic;

/** The fields of a response message that the span records, read from either SDK flavour. */
final class MessageSummary {

  String id;
  String model;
  String stopReason;
  UsageDetails usage;
}
