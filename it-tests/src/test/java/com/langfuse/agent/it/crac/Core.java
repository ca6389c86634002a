package com.langfuse.agent.it.crac;

import java.util.List;

/**
 * A test double of {@code jdk.crac.Core} that runs complete checkpoint and restore cycles in
 * one JVM, with no image written.
 *
 * <p>{@link #checkpointRestore()} does what a CRaC JDK does around the image: {@code
 * beforeCheckpoint} in reverse registration order; then, if every one succeeded, the check that
 * fails a real checkpoint when a TCP socket is open, and the snapshot action where the image would
 * be written; then {@code afterRestore} in registration order, also after a failed checkpoint.
 * What it cannot reproduce: threads are not frozen, the process is not copied, and the clocks
 * and the kernel's random state do not change.
 */
public final class Core {

  private static final GlobalContext GLOBAL = new GlobalContext();

  private static volatile Runnable snapshotAction = () -> {};
  private static volatile List<String> lastSnapshotFiles = List.of();

  private Core() {}

  public static Context<Resource> getGlobalContext() {
    return GLOBAL;
  }

  /** Runs one checkpoint and restore cycle; throws as {@code jdk.crac.Core} does on failure. */
  public static void checkpointRestore() throws CheckpointException, RestoreException {
    GLOBAL.checkpointRestore();
  }

  /**
   * Calls {@code afterRestore} on every resource with no {@code beforeCheckpoint} before it, as a
   * restore after a checkpoint that failed in another resource does.
   */
  public static void restoreOnly() throws RestoreException {
    GLOBAL.restoreOnly();
  }

  /** Sets what runs where a real JDK writes the image: after every {@code beforeCheckpoint}. */
  public static void setSnapshotAction(Runnable action) {
    snapshotAction = action;
  }

  /** Returns the open file descriptors of the last snapshot, where an image would be written. */
  public static List<String> lastSnapshotFiles() {
    return lastSnapshotFiles;
  }

  static void takeSnapshot() throws CheckpointException {
    List<String> files = OpenFiles.list();
    lastSnapshotFiles = files;
    List<String> sockets = OpenFiles.sockets(files);
    if (!sockets.isEmpty()) {
      CheckpointException failure = new CheckpointException();
      failure.addSuppressed(new IllegalStateException("open sockets at checkpoint: " + sockets));
      throw failure;
    }
    snapshotAction.run();
  }
}
