package example.bedrock;

/**
 * The application's own unit of work around its Bedrock calls. It lives outside {@code
 * com.langfuse.agent}, whose classes the agent never transforms, so a test can name {@code
 * step} in {@code LANGFUSE_TRACE_METHODS} and find each call's generation under it.
 */
public final class BedrockWorkflow {

  private BedrockWorkflow() {}

  /** Runs {@code work}, the calls of one scenario. */
  public static void step(String scenario, Work work) throws Exception {
    work.run();
  }

  /** Work that may throw what the SDK throws. */
  public interface Work {
    void run() throws Exception;
  }
}
