#!/usr/bin/env sh
# Builds the agent and the demo application, then runs the demo: a sample OpenAI Java SDK
# application with the agent attached, against a local stand-in for the OpenAI API that replays
# recorded responses. Without LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY the traces go to an
# embedded local stand-in for Langfuse and are printed as trees; with them, to that Langfuse.
set -eu
cd "$(dirname "$0")"
./mvnw -q -B -ntp -DskipTests -pl agent,examples/demo -am package
exec java -jar examples/demo/target/langfuse-agent-demo.jar "$@"
