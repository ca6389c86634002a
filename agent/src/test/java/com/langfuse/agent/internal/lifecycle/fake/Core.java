package com.langfuse.agent.internal.lifecycle.fake;

import java.util.List;

/** A CRaC-shaped Core whose cycle calls the live resources in the orders CRaC uses. */
public final class Core {

  private static final Context<Resource> GLOBAL = new Context<>();

  private Core() {}

  public static Context<Resource> getGlobalContext() {
    return GLOBAL;
  }

  /** Calls beforeCheckpoint in reverse registration order, then afterRestore in order. */
  public static void checkpointRestore() throws Exception {
    List<Resource> live = GLOBAL.live();
    for (int i = live.size() - 1; i >= 0; i--) {
      live.get(i).beforeCheckpoint(GLOBAL);
    }
    for (Resource resource : live) {
      resource.afterRestore(GLOBAL);
    }
  }
}
