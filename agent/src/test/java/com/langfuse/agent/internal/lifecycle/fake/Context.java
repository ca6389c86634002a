package com.langfuse.agent.internal.lifecycle.fake;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/** A CRaC-shaped Context that keeps weak references, as every real implementation does. */
public class Context<R extends Resource> {

  private final List<WeakReference<R>> resources = new ArrayList<>();

  public synchronized void register(R resource) {
    resources.add(new WeakReference<>(resource));
  }

  synchronized List<R> live() {
    List<R> live = new ArrayList<>();
    for (WeakReference<R> reference : resources) {
      R resource = reference.get();
      if (resource != null) {
        live.add(resource);
      }
    }
    return live;
  }
}
