package com.langfuse.agent.it.crac;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/** The double's global context: resources held weakly, notified in the orders CRaC uses. */
final class GlobalContext extends Context<Resource> {

  private final List<WeakReference<Resource>> resources = new ArrayList<>();

  @Override
  public synchronized void register(Resource resource) {
    resources.add(new WeakReference<>(resource));
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {}

  @Override
  public void afterRestore(Context<? extends Resource> context) {}

  void checkpointRestore() throws CheckpointException, RestoreException {
    List<Resource> live = live();
    List<Exception> checkpointFailures = new ArrayList<>();
    for (int i = live.size() - 1; i >= 0; i--) {
      try {
        live.get(i).beforeCheckpoint(this);
      } catch (Exception e) {
        checkpointFailures.add(e);
      }
    }
    if (checkpointFailures.isEmpty()) {
      try {
        Core.takeSnapshot();
      } catch (CheckpointException e) {
        checkpointFailures.add(e);
      }
    }

    List<Exception> restoreFailures = restore(live);

    if (!checkpointFailures.isEmpty()) {
      CheckpointException failure = new CheckpointException();
      checkpointFailures.forEach(failure::addSuppressed);
      throw failure;
    }
    throwIfAny(restoreFailures);
  }

  void restoreOnly() throws RestoreException {
    throwIfAny(restore(live()));
  }

  private List<Exception> restore(List<Resource> live) {
    List<Exception> failures = new ArrayList<>();
    for (Resource resource : live) {
      try {
        resource.afterRestore(this);
      } catch (Exception e) {
        failures.add(e);
      }
    }
    return failures;
  }

  private static void throwIfAny(List<Exception> failures) throws RestoreException {
    if (!failures.isEmpty()) {
      RestoreException failure = new RestoreException();
      failures.forEach(failure::addSuppressed);
      throw failure;
    }
  }

  private synchronized List<Resource> live() {
    List<Resource> live = new ArrayList<>();
    resources.removeIf(reference -> reference.get() == null);
    for (WeakReference<Resource> reference : resources) {
      Resource resource = reference.get();
      if (resource != null) {
        live.add(resource);
      }
    }
    return live;
  }
}
