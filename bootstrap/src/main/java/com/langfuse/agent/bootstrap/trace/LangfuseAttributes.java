package com.langfuse.agent.bootstrap.trace;

/**
 * Attribute keys that Langfuse's OTLP ingestion reads, and the GenAI semantic convention keys it
 * also maps. Values must keep the exact spelling: the server does not recognise other cases.
 */
public final class LangfuseAttributes {

  public static final String OBSERVATION_TYPE = "langfuse.observation.type";
  public static final String OBSERVATION_INPUT = "langfuse.observation.input";
  public static final String OBSERVATION_OUTPUT = "langfuse.observation.output";
  public static final String OBSERVATION_MODEL_PARAMETERS = "langfuse.observation.model.parameters";
  public static final String OBSERVATION_USAGE_DETAILS = "langfuse.observation.usage_details";
  public static final String OBSERVATION_COMPLETION_START_TIME =
      "langfuse.observation.completion_start_time";
  public static final String OBSERVATION_LEVEL = "langfuse.observation.level";
  public static final String OBSERVATION_STATUS_MESSAGE = "langfuse.observation.status_message";
  public static final String OBSERVATION_METADATA_PREFIX = "langfuse.observation.metadata.";

  public static final String TRACE_NAME = "langfuse.trace.name";
  public static final String TRACE_TAGS = "langfuse.trace.tags";
  public static final String TRACE_INPUT = "langfuse.trace.input";
  public static final String TRACE_OUTPUT = "langfuse.trace.output";
  /** The trace metadata as one JSON object, or one key under it with a dot. */
  public static final String TRACE_METADATA = "langfuse.trace.metadata";
  public static final String USER_ID = "langfuse.user.id";
  public static final String SESSION_ID = "langfuse.session.id";

  public static final String ENVIRONMENT = "langfuse.environment";
  public static final String RELEASE = "langfuse.release";
  public static final String SERVICE_NAME = "service.name";
  public static final String SERVICE_VERSION = "service.version";

  public static final String GEN_AI_OPERATION_NAME = "gen_ai.operation.name";
  public static final String GEN_AI_PROVIDER_NAME = "gen_ai.provider.name";
  public static final String GEN_AI_REQUEST_MODEL = "gen_ai.request.model";
  public static final String GEN_AI_RESPONSE_MODEL = "gen_ai.response.model";
  public static final String GEN_AI_RESPONSE_ID = "gen_ai.response.id";
  public static final String GEN_AI_RESPONSE_FINISH_REASONS = "gen_ai.response.finish_reasons";
  public static final String GEN_AI_USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
  public static final String GEN_AI_USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";

  /** Values of {@link #OBSERVATION_TYPE}. */
  public static final String TYPE_GENERATION = "generation";
  public static final String TYPE_EMBEDDING = "embedding";
  public static final String TYPE_SPAN = "span";
  public static final String TYPE_AGENT = "agent";
  public static final String TYPE_TOOL = "tool";
  public static final String TYPE_CHAIN = "chain";

  /** Values of {@link #OBSERVATION_LEVEL}. */
  public static final String LEVEL_ERROR = "ERROR";
  public static final String LEVEL_WARNING = "WARNING";

  private LangfuseAttributes() {}
}
