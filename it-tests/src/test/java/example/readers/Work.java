package example.readers;

/**
 * A method for {@code LANGFUSE_TRACE_METHODS} in the logging context tests. It lives outside the
 * {@code com.langfuse.agent} packages, which the agent never instruments.
 */
public final class Work {

  private Work() {}

  public static String run() {
    return "worked";
  }
}
