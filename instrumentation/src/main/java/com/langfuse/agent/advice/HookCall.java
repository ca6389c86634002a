package com.langfuse.agent.advice;

import java.util.List;

/** A call of a static bootstrap method: its owner, name, descriptor, arguments and result. */
public final class HookCall {
  private final String owner;
  private final String name;
  private final String descriptor;
  private final List<HookArgument> arguments;
  private final HookResult result;

  HookCall(
      String owner,
      String name,
      String descriptor,
      List<HookArgument> arguments,
      HookResult result) {
    this.owner = owner;
    this.name = name;
    this.descriptor = descriptor;
    this.arguments = List.copyOf(arguments);
    this.result = result;
  }

  public String owner() {
    return owner;
  }

  public String name() {
    return name;
  }

  public String descriptor() {
    return descriptor;
  }

  public List<HookArgument> arguments() {
    return arguments;
  }

  public HookResult result() {
    return result;
  }
}
